"""--format pdf: the HTML page printed to PDF by a Chromium, Chrome or Edge on the machine.

No PDF library: the browser that prints the A4 page at the counter also makes the
PDF, so both look the same. SBK_GUIDE_BROWSER names the browser program; else the
usual program names on PATH and install paths on Linux, macOS and Windows are tried.
Without a browser: a one-line error saying so (exit 1).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import IOProblem

BROWSER_ENV = "SBK_GUIDE_BROWSER"
NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
MAC_APPS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
WINDOWS_APPS = (
    ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
    ("ProgramFiles(x86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("ProgramFiles(x86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("ProgramFiles", r"Microsoft\Edge\Application\msedge.exe"),
    ("LOCALAPPDATA", r"Chromium\Application\chrome.exe"),
)
TIMEOUT = 120  # seconds: a first start of a browser can be slow


def find_browser() -> str:
    """The browser program to print with; IOProblem (exit 1) when there is none."""
    named = os.environ.get(BROWSER_ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise IOProblem("pdf_browser_missing", path=named)
        return found
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    candidates = list(MAC_APPS)
    for env, rel in WINDOWS_APPS:
        base = os.environ.get(env)
        if base:
            candidates.append(str(Path(base) / rel))
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise IOProblem("pdf_no_browser")


# The page is self-contained and needs no script. Its Content-Security-Policy turns JavaScript
# off and lets it load nothing (no file://, no network): only its own inline styles and data:
# images and fonts. (Chromium's --blink-settings=scriptEnabled=false stops headless printing.)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def with_csp(html: str) -> str:
    """`html` with the Content-Security-Policy as the first thing in its <head>."""
    head = html.find("<head>")
    if head < 0:
        return CSP_META + html
    return html[: head + 6] + CSP_META + html[head + 6 :]


def check_cjk_font() -> None:
    """Without a Chinese font the PDF is empty boxes: an error saying what to install. Checked
    with fontconfig (what Chromium uses on Linux); where there is no fc-list, nothing to check."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    try:
        found = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, timeout=30, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return
    if found.returncode == 0 and not found.stdout.strip():
        raise IOProblem("pdf_no_cjk_font")


def html_to_pdf(html: str) -> bytes:
    """Print `html` (one self-contained page) to PDF bytes with a headless browser."""
    browser = find_browser()
    check_cjk_font()
    html = with_csp(html)
    with tempfile.TemporaryDirectory(prefix="sbk-guide-pdf-") as tmp:
        folder = Path(tmp)
        page, pdf = folder / "checklist.html", folder / "checklist.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # root in containers; the page is our own, without scripts
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-remote-fonts",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            # its own session: Ctrl-C at the terminal reaches only this program, which stops
            # after this page (batch) or kills the browser (subprocess.run, on KeyboardInterrupt)
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
                start_new_session=True,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise IOProblem("pdf_failed", browser=browser, reason=str(exc)) from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1][:200] if lines else f"exit {done.returncode}"
            raise IOProblem("pdf_failed", browser=browser, reason=reason)
        return pdf.read_bytes()
