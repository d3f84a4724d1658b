"""Files in and out: safe reading and atomic writing, output formats, rosters, answers files."""
