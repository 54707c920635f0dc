"""The `coursepack` command line."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from coursepack_quiz.diagnostics import Diagnostic

from . import __version__, target_settings
from . import targets as registry
from .build import Prepared, build_course, prepare_build

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_BREAKING = 3  # coursepack diff: a change that alters what learners in progress have earned
# emoji=False: rich would print "quiz.md:100: warning" as "quiz.md💯 warning" (":100:" is an emoji code).
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


def expand_courses(paths: tuple[str, ...]) -> list[Path]:
    """Each path is a course folder, or a folder of courses (every child with a course.yml)."""
    courses: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise click.BadParameter(f"'{raw}' does not exist", param_hint="COURSE")
        if (path / "course.yml").is_file() or not path.is_dir():
            courses.append(path)
            continue
        children = sorted(child for child in path.iterdir() if (child / "course.yml").is_file())
        courses.extend(children or [path])
    return courses


def report(diagnostics: list[Diagnostic], quiet: bool = False) -> None:
    for diagnostic in diagnostics:
        style = "bold red" if diagnostic.is_error else "yellow"
        err.print(diagnostic.format(), style=style, markup=False, soft_wrap=True)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics and not quiet:
        err.print(f"{errors} error(s), {warnings} warning(s)", style="bold", markup=False)


#: The version of the JSON that `check --json` and `build --json` print (docs/authoring.md, "Output for scripts").
JSON_FORMAT = 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coursepack")
def main() -> None:
    """Turn Markdown course sources into SCORM, Common Cartridge, QTI, Open edX and web packages.

    Start with `coursepack new my-course`, then `coursepack check my-course` and
    `coursepack build my-course`. The authoring format is described in `coursepack help`.
    """


def json_result(command: str, diagnostics: list[Diagnostic], packages: list[dict] | None = None) -> str:
    """The one JSON document of `check --json` and `build --json`."""
    errors = sum(d.is_error for d in diagnostics)
    return json.dumps({"format": JSON_FORMAT, "command": command, "ok": not errors, "errors": errors,
                       "warnings": len(diagnostics) - errors,
                       "diagnostics": [d.__dict__ | {"severity": d.severity.value} for d in diagnostics],
                       "packages": packages or []}, indent=1, ensure_ascii=False)


def _accepted(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    bad = [code for code in value if not re.fullmatch(r"[a-z0-9_-]+(\.[a-z0-9_-]+)+", code)]
    if bad:
        raise click.BadParameter(f"{', '.join(bad)}: a warning code looks like imscc.question-mapped")
    return value


def _target_names(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    known = registry.available()
    unknown = [name for name in value if name not in known]
    if unknown:
        raise click.BadParameter(f"unknown target {', '.join(unknown)}; known: {', '.join(known)}")
    return value


def _settings(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict:
    try:
        return target_settings.parse_set(value)
    except target_settings.SetError as exc:
        raise click.BadParameter(str(exc)) from None


def jobs_option(help_text: str):
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                        show_default="cores", help=help_text)


def run_options(command):
    """The options `check` and `build` share, with one meaning in both."""
    for option in reversed([
        click.option("--strict", is_flag=True, help="Treat warnings as errors (those accepted excepted)."),
        click.option("--accept", "accept", multiple=True, callback=_accepted, metavar="CODE",
                     help="Accept a warning code for this run (repeatable), as course.yml's `accept:` does."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print one JSON document on standard output (format in docs/authoring.md)."),
        click.option("--quiet", "-q", is_flag=True, help="Print only the diagnostics."),
        click.option("--verbose", "-v", is_flag=True,
                     help="Also say, per course, which targets were checked and which warnings are accepted."),
        click.option("--target", "-t", "target_names", multiple=True, callback=_target_names,
                     help="Target to check or build (repeatable). Default: every available target; "
                          "see `coursepack targets`."),
        click.option("--set", "overrides", multiple=True, callback=_settings, metavar="TARGET.SETTING=VALUE",
                     help="A target setting (repeatable), over course.yml's `targets:`, e.g. "
                          "imscc.question_bank=true; `coursepack targets` lists them."),
    ]):
        command = option(command)
    return command


def _describe(course_dir: Path, prepared: Prepared) -> None:
    """What -v adds: the targets a course was checked for, and the warnings it accepts (and why)."""
    targets = ", ".join(target.name for target in prepared.targets) or "none (the course has errors)"
    err.print(f"{course_dir}: checked for {targets}", markup=False)
    checked = prepared.checked.valid or prepared.checked.course  # a build keeps only the model
    reasons = {entry.code: entry.reason for entry in checked.config.accept} if checked else {}
    for code in sorted(prepared.checked.accepted):
        err.print(f"  accepted {code}: {reasons.get(code, 'with --accept')}", markup=False)


@main.command()
@click.argument("courses", nargs=-1, required=True, metavar="COURSE...")
@jobs_option("Processes that read and render the pages of a large course; 1 does it all in this process. "
             "The findings are the same either way.")
@run_options
def check(courses: tuple[str, ...], jobs: int, strict: bool, accept: tuple[str, ...], as_json: bool, quiet: bool,
          verbose: bool, target_names: tuple[str, ...], overrides: dict) -> None:
    """Check courses as `build` would, targets' own checks included, and report every problem
    with its file and line. Writes nothing.

    Exit status: 0 clean (warnings allowed unless --strict), 1 content errors, 2 usage error.
    """
    all_diagnostics: list[Diagnostic] = []
    for course_dir in expand_courses(courses):
        prepared = prepare_build(course_dir, target_names or None, strict=strict, overrides=overrides,
                                 accept=accept, jobs=jobs)
        all_diagnostics += prepared.diagnostics
        if verbose and not as_json:
            _describe(course_dir, prepared)
    if as_json:
        click.echo(json_result("check", all_diagnostics))
    else:
        report(all_diagnostics, quiet)
        if not all_diagnostics and not quiet:
            err.print("no problems found", style="green")
    sys.exit(EXIT_CONTENT if any(d.is_error for d in all_diagnostics) else EXIT_OK)


@main.command()
@click.argument("courses", nargs=-1, required=True, metavar="COURSE...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Output folder.")
@click.option("--previous", type=click.Path(exists=True, path_type=Path),
              help="The version these packages replace (package, course folder or .snapshot.json); the admin "
                   "report says whether replacing it in place is safe. Default: the last build into --out.")
@jobs_option("Targets built at once, each in its own process (and, for a large course, processes that "
             "read and render its pages); 1 does everything in this process. The packages are the same either way.")
@run_options
def build(courses: tuple[str, ...], out_dir: Path, previous: Path | None, jobs: int, strict: bool,
          accept: tuple[str, ...], as_json: bool, quiet: bool, verbose: bool, target_names: tuple[str, ...],
          overrides: dict) -> None:
    """Build courses into packages (one per target) in the output folder."""
    failed = False
    claimed: dict[str, Path] = {}  # package name → the course folder that writes it in this run
    all_diagnostics: list[Diagnostic] = []
    packages: list[dict] = []
    steps = 1 + 2 * len(target_names or registry.available())  # check, then emit and write per target
    for course_dir in expand_courses(courses):
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=err, transient=True, disable=quiet or as_json) as progress:
            task = progress.add_task(str(course_dir), total=steps)

            def advance(step: str) -> None:
                progress.update(task, advance=1, description=f"{course_dir}: {step}")

            result = build_course(course_dir, target_names or None, out_dir, strict=strict, on_step=advance,
                                  overrides=overrides, record_keys=True, previous=previous, accept=accept,
                                  claimed=claimed, jobs=jobs)
        all_diagnostics += result.diagnostics
        packages += [{"course": result.course.id, "target": written.target, "path": str(written.path),
                      "summary": written.summary} for written in result.written]
        if verbose and not as_json and result.prepared is not None:
            _describe(course_dir, result.prepared)
        if not as_json:
            report(result.diagnostics, quiet)
        failed |= not result.ok
        if result.written and not quiet and not as_json:
            out.print(_summary_table(result, out_dir))
        if any(d.code == "output.unwritable" for d in result.diagnostics):
            break  # the next course would fail the same way: one error is enough
    if as_json:
        click.echo(json_result("build", all_diagnostics, packages))
    sys.exit(EXIT_CONTENT if failed else EXIT_OK)


def _summary_table(result, out_dir: Path) -> Table:
    table = Table(title=f"{result.course.id}: packages written to {out_dir}", title_justify="left")
    table.add_column("target", no_wrap=True)
    table.add_column("package", no_wrap=True)
    table.add_column("notes", overflow="fold")
    for written in result.written:
        notes = ", ".join(f"{k} {v}" for k, v in written.summary.items())
        table.add_row(written.target, written.path.name, notes)
    return table


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Output folder to clean.")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def clean(out_dir: Path, dry_run: bool) -> None:
    """Remove what coursepack wrote into the output folder: packages and reports of recorded builds,
    temporaries of killed builds, crash reports (.coursepack-errors) and the record of the last builds
    (.coursepack: the next build then has nothing to compare with, unless given --previous).
    Anything else in the folder is left alone."""
    from .clean import clean as clean_folder

    cleaned = clean_folder(out_dir, dry_run=dry_run)
    for name in cleaned.removed:
        out.print(f"{'would remove' if dry_run else 'removed'} {out_dir / name}", markup=False)
    for name in cleaned.kept:
        err.print(f"{out_dir / name}: left alone: it is a symbolic link, which coursepack never writes",
                  style="yellow", markup=False)
    others = sorted(entry.name for entry in out_dir.iterdir()) if out_dir.is_dir() and not dry_run else []
    verb = "would remove" if dry_run else "removed"
    err.print(f"{out_dir}: {verb} {len(cleaned.removed)} item(s)"
              + (f"; left {len(others)} that coursepack did not write" if others else ""), style="green",
              markup=False)


@main.command(name="help")
@click.argument("topic", required=False)
def help_topic(topic: str | None) -> None:
    """Print a topic of the authoring guide, e.g. `coursepack help course.yml`; without TOPIC, list them."""
    from .guide import find, suggestions, topics

    every = topics()
    if topic is None:
        for each in every:
            out.print(f"{each.slug:<40} {each.title}", markup=False)
        err.print("coursepack help TOPIC prints one (a word of it is enough: `coursepack help audio`)")
        return
    found = find(topic, every)
    if len(found) == 1:
        click.echo(found[0].text)
        return
    if found:
        err.print(f"'{topic}' names several topics: " + ", ".join(each.slug for each in found), markup=False)
    else:
        close = suggestions(topic, every)
        err.print(f"no topic '{topic}'" + (f"; did you mean {' or '.join(close)}?" if close else "")
                  + " (`coursepack help` lists them)", markup=False)
    sys.exit(EXIT_USAGE)


@main.command()
def targets() -> None:
    """List the targets this installation can build, and each target's settings."""
    table = Table()
    table.add_column("target")
    table.add_column("package")
    table.add_column("what it is")
    table.add_column("settings (course.yml `targets:`, or --set TARGET.SETTING=VALUE)", overflow="fold")
    for name, cls in registry.available().items():
        settings = "\n".join(f"{setting} ({kind}, default {default}): {description}"
                             for setting, kind, default, description in target_settings.describe(cls))
        table.add_row(name, cls.package_format, cls.description, settings or "none")
    out.print(table)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="Folder for the *.schema.json files.")
@click.option("--check", "check_only", is_flag=True, help="Fail if the files differ from the models.")
def schema(out_dir: Path, check_only: bool) -> None:
    """Export the JSON Schemas of course.yml, module.yml, front matter and glossary.yml."""
    from .schema_export import export_schemas

    stale = export_schemas(out_dir, write=not check_only)
    if check_only and stale:
        err.print("out of date: " + ", ".join(stale) + " (run `coursepack schema`)", style="red")
        sys.exit(EXIT_CONTENT)
    err.print("schemas " + ("up to date" if check_only else f"written to {out_dir}"), style="green")


@main.command()
@click.argument("destination", type=click.Path(path_type=Path))
@click.option("--id", "course_id", help="Course ID (default: the folder name).")
@click.option("--title", default="My first course", show_default=True)
@click.option("--language", default="en", show_default=True, help="BCP 47 language tag.")
def new(destination: Path, course_id: str | None, title: str, language: str) -> None:
    """Create a course that shows every feature of the format."""
    from .scaffold import ScaffoldError, scaffold

    try:
        scaffold(destination, course_id or destination.name, title, language)
    except ScaffoldError as exc:
        err.print(f"error: {exc}", style="red")
        sys.exit(EXIT_USAGE)
    err.print(f"created {destination}; next: coursepack check {destination}", style="green")


@main.command()
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write", is_flag=True, help="Write the generated IDs into the files (default: only show them).")
def ids(course: Path, write: bool) -> None:
    """Add stable IDs to questions and options that lack them."""
    from coursepack_quiz.frontmatter import is_quiz, split_front_matter
    from coursepack_quiz.ids import add_missing_ids_to_bytes

    from .boundary import is_plain_inside
    from .package import write_atomic

    changed = left_unchanged = 0
    for path in sorted(course.rglob("*.md")):
        if not is_plain_inside(path, course):
            err.print(f"{path}: skipped: it is (or is inside) a symbolic link; ids never reads or writes through "
                      "links", style="yellow", markup=False)
            continue
        data = path.read_bytes()  # bytes, not read_text: its newline translation would turn CRLF into LF
        # The builder's own reading of the front matter (its YAML errors are `check`'s to report).
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        if not is_quiz(split_front_matter(text, str(path))[0].front):
            continue
        try:
            new_data, changes = add_missing_ids_to_bytes(data)
        except (UnicodeDecodeError, ValueError) as exc:
            reason = "it is not UTF-8; save it as UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
            err.print(f"{path}: error: left unchanged: {reason}", style="red", markup=False)
            left_unchanged += 1
            continue
        for change in changes:
            out.print(f"{path}: {change}", markup=False)
        if changes and write:  # a new file swapped in, keeping permissions: a link put here meanwhile is replaced
            try:
                write_atomic(path, new_data, mode=path.stat().st_mode & 0o7777)
            except OSError as exc:
                err.print(f"{path}: error: cannot write it: {exc.strerror}", style="red", markup=False)
                left_unchanged += 1
        changed += bool(changes)
    if changed and not write:
        err.print(f"{changed} file(s) would change; run again with --write to apply", style="yellow")
    sys.exit(EXIT_CONTENT if left_unchanged else EXIT_OK)


@main.command()
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", default=0, help="Port to listen on. Default: any free port (the address is printed).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option("--facts", "facts_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fact sheet (FACTS.md) whose texts reviewer mode shows next to each page's fact IDs.")
@click.option("--open/--no-open", "open_browser", default=True, help="Open the preview in a browser.")
def serve(course: Path, port: int, host: str, facts_path: Path | None, open_browser: bool) -> None:
    """Preview a course live in an LMS simulator; edits reload the page, errors show on it."""
    from .preview.command import run_serve

    sys.exit(run_serve(course, host=host, port=port, facts_path=facts_path, open_browser=open_browser,
                       report=report, err=err))


@main.command()
@click.argument("versions", nargs=-1, required=True, metavar="OLD NEW | --since REV COURSE")
@click.option("--since", "revision", metavar="GIT_REV", help="Compare COURSE with itself at this git revision.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON on standard output.")
def diff(versions: tuple[str, ...], revision: str | None, as_json: bool) -> None:
    """What republishing does to learners in progress: every change from OLD to NEW (course folders,
    packages or recorded .snapshot.json files), classified cosmetic, compatible or breaking.

    Exit status: 0 cosmetic or compatible only, 3 a breaking change, 1 an input cannot be read."""
    from .republish import compare
    from .snapshot import SnapshotError, load_snapshot, snapshot_at_revision

    expected = 1 if revision else 2
    if len(versions) != expected:
        raise click.UsageError("give OLD and NEW, or --since GIT_REV and one COURSE")
    try:
        old = snapshot_at_revision(Path(versions[0]), revision) if revision else load_snapshot(Path(versions[0]))
        new = load_snapshot(Path(versions[-1]))
    except SnapshotError as exc:
        err.print(f"error: {exc}", style="bold red", markup=False)
        sys.exit(EXIT_CONTENT)
    result = compare(old, new)
    if as_json:
        out.print(json.dumps(result.to_json(), indent=1, ensure_ascii=False), markup=False)
    else:
        for change in result.changes:
            out.print(change.line(), markup=False)
        out.print(f"verdict: {result.verdict or 'unchanged'} ({len(result.changes)} change(s))", markup=False)
    sys.exit(EXIT_BREAKING if result.exit_code == 3 else EXIT_OK)


if __name__ == "__main__":
    main()


# `coursepack translate …` lives in its own package; registered here so the CLI stays one entry point.
from .translate.command import translate as _translate  # noqa: E402

main.add_command(_translate)
