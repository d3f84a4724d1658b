"""The yardstick of the interactive start-up: a bare questionary `select`, nothing else.

benchmarks/interactive.py times `sbk-guide` to its first question against this script to its
question, in the same environment and pseudo-terminal.
"""

import questionary

questionary.select(
    "您手里是哪一种卡或凭证？",
    choices=["新领的实体社保卡（第一张）", "补办或换发的实体社保卡", "旧的医保卡", "电子社保卡", "医保码"],
).ask()
