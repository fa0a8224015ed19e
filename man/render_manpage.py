#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a man page from a hand-written roff template and what the program itself prints.

  render_manpage.py TEMPLATE OUTPUT --program PATH --version VERSION

The template's prose (NAME, DESCRIPTION, FILES, EXIT STATUS, SEE ALSO) is written by hand; its
marker lines are replaced by text generated at build time from the program, so the option and key
tables can never drift from the code:
  @OPTIONS@            the options of `PROGRAM --help` (CLI11's help, from the option table)
  @COMMANDS@           one subsection per subcommand, from `PROGRAM SUB --help`
  @CONFIG_REFERENCE@   `PROGRAM --print-config-reference` (the Markdown of docs/config.md)
  @VERSION@            the project's version (--version)
A marker the template has but the program cannot fill is an error, as is Markdown or help text of
a shape this script does not know: a man page that silently lost a table is worse than none.
"""
import argparse
import os
import re
import subprocess
import sys


def fail(message):
    sys.exit(f"render_manpage: {message}")


# A cross build runs the target's program through qemu-user (--emulator, repeatable).
EMULATOR = []


def run(argv):
    # A neutral environment: a default taken from $USER or $SITEWATCH_SOCKET must show as the
    # program's own, not the build machine's.
    # sitewatchctl's --by defaults to $SUDO_USER, else $USER, else the uid's name: show the name
    # of the variable rather than whoever ran the build.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
           "SUDO_USER": "$SUDO_USER"}
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    result = subprocess.run(EMULATOR + argv, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        fail(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def escape(text):
    """Plain text → roff: backslashes, minus signs, and a leading control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def inline(markdown):
    """Markdown's `code` and **strong** → bold; the rest escaped."""
    out = []
    for part in re.split(r"(`[^`]*`|\*\*[^*]+\*\*)", markdown):
        if part.startswith("`") and part.endswith("`") and len(part) >= 2:
            out.append("\\fB" + escape(part[1:-1]) + "\\fR")
        elif part.startswith("**") and part.endswith("**") and len(part) >= 4:
            out.append("\\fB" + escape(part[2:-2]) + "\\fR")
        else:
            out.append(escape(part))
    text = "".join(out)
    # A line that now begins with a font escape is fine; one beginning with '.' was escaped above.
    return text


def table_cells(line):
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return cells


def config_reference(markdown):
    """The reference's Markdown → roff. Sections (###) become .SS, table rows .TP entries."""
    out = []
    in_paragraph = False
    header_seen = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if not line.strip():
            in_paragraph = False
            continue
        if line.startswith("# "):
            continue  # the title: the template's NAME says it
        if line.startswith("### "):
            heading = line[4:].strip().replace("`", "")  # code spans read as plain text in a heading
            out.append(".SS " + '"' + escape(heading).replace('"', '\\(dq') + '"')
            in_paragraph = False
            header_seen = False
            continue
        if line.startswith("#"):
            fail(f"config reference line {number}: heading level not known: {line!r}")
        if line.startswith("|"):
            cells = table_cells(line)
            if not header_seen:
                header = cells
                if header != ["key", "type", "default", "description"] and header[0] != "profile":
                    fail(f"config reference line {number}: unknown table header {cells}")
                header_seen = True
                continue
            if len(cells) != len(header):
                fail(f"config reference line {number}: expected {len(header)} table cells, "
                     f"got {len(cells)}")
            if set("".join(cells)) <= set("-: "):
                continue  # the |---| separator
            if header[0] == "profile":
                # The built-in profiles: the name as the tag, each other column by its heading.
                out.append(".TP")
                out.append(inline(cells[0]))
                out.append("\n.br\n".join(
                    inline(f"{name}: {cell}") for name, cell in zip(header[1:], cells[1:]) if cell))
                in_paragraph = False
                continue
            key, kind, default, description = cells
            out.append(".TP")
            out.append(inline(key))
            # "**required**" in the default column: there is no default.
            if default.strip("*") == "required":
                out.append(inline(kind) + "; required")
            else:
                out.append(inline(kind) + "; default: " + inline(default))
            out.append(".br")
            out.append(inline(description))
            in_paragraph = False
            continue
        if not in_paragraph:
            out.append(".PP")
            in_paragraph = True
        out.append(inline(line.strip()))
    return "\n".join(out)


# CLI11 2.x help: "Options:", "Positionals:", "Subcommands:" sections. An entry is its name,
# left-aligned in a column of 30 characters (with the two-space indent), then its description; a
# name too long for the column ends the line and the description follows on the next, indented.
# Lines indented further continue the description.
COLUMN = 30


# The sections whose entries the pages show; any other (a footer of exit codes, say) is prose
# that the template says in its own words, and may have any shape.
TABLES = ("Positionals", "Options", "Subcommands")


def help_sections(text):
    sections = {}
    current = None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Za-z ]*:$", line):
            current = sections.setdefault(line[:-1], []) if line[:-1] in TABLES else None
            continue
        if not line.strip():
            continue
        if not line.startswith(" "):
            current = None  # prose after the tables (exit codes, environment)
            continue
        if current is None:
            continue
        if line.startswith("   "):  # continuation of the last entry's description
            if not current:
                fail(f"help text: a description with no entry: {line!r}")
            current[-1][1] = (current[-1][1] + " " + line.strip()).strip()
            continue
        if not line.startswith("  "):
            fail(f"help text: line of unknown shape: {line!r}")
        if len(line) > COLUMN and line[COLUMN - 1] == " " and line[COLUMN] != " ":
            current.append([line[:COLUMN].strip(), line[COLUMN:].strip()])
        else:
            current.append([line.strip(), ""])
    return sections


def options_roff(entries, skip_help):
    out = []
    for name, description in entries:
        if skip_help and name == "-h,--help":
            continue  # said once, in OPTIONS
        out.append(".TP")
        out.append("\\fB" + escape(name) + "\\fR")
        out.append(escape(description) if description else "\\&")
    return "\n".join(out)


def options(program, sub=None):
    argv = [program] + ([sub] if sub else []) + ["--help"]
    sections = help_sections(run(argv))
    out = []
    for title in ("Positionals", "Options"):
        if title in sections:
            body = options_roff(sections[title], skip_help=sub is not None)
            if not body:
                continue
            if sub:
                out.append(".PP")
                out.append(escape(title.lower()) + ":")
            out.append(body)
    return "\n".join(out), sections


def usage_line(program, sub):
    for line in run([program, sub, "--help"]).splitlines():
        if line.startswith("Usage:"):
            usage = line[len("Usage:"):].strip()
            return usage.replace(program, os.path.basename(program), 1)
    return ""


def commands(program):
    _, sections = options(program)
    if "Subcommands" not in sections:
        fail(f"{program} --help lists no subcommands, but the template asks for @COMMANDS@")
    out = []
    for name, description in sections["Subcommands"]:
        out.append(".SS " + escape(name))
        out.append(escape(description))
        usage = usage_line(program, name)
        if usage:
            out.append(".PP")
            out.append("\\fB" + escape(usage) + "\\fR")
        body, _ = options(program, name)
        if body:
            out.append(body)
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("template")
    parser.add_argument("output")
    parser.add_argument("--program", required=True)
    parser.add_argument("--version", required=True, help="the project's version, for .TH")
    parser.add_argument("--emulator", action="append", default=[],
                        help="a word of the command that runs the program (cross builds)")
    args = parser.parse_args()
    EMULATOR.extend(args.emulator)

    with open(args.template, encoding="utf-8") as f:
        template = f.read()
    fillers = {
        "@OPTIONS@": lambda: options(args.program)[0],
        "@COMMANDS@": lambda: commands(args.program),
        "@CONFIG_REFERENCE@": lambda: config_reference(
            run([args.program, "--print-config-reference"])),
    }
    lines = []
    for line in template.splitlines():
        marker = line.strip()
        if marker in fillers:
            lines.append(fillers[marker]())
        else:
            lines.append(line)
    text = "\n".join(lines) + "\n"
    text = text.replace("@VERSION@", args.version)
    body = "\n".join(line for line in text.splitlines() if not line.startswith('.\\"'))
    leftover = re.search(r"@[A-Z_]+@", body)
    if leftover:
        fail(f"{args.template}: unknown marker {leftover.group(0)}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
