"""The `contractgen` command line. Thin: heavy imports happen inside the commands that need them."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .care_models import CARE_MODEL_IDS
from .errors import EXIT_INTERNAL, EXIT_INVALID, ContractgenError
from .writers import DEFAULT_FORMATS

EXIT_STALE = 4
GOLDEN_DIR = "golden"


def _fail(lines: list[str], code: int) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(code)


def guarded(fn: Callable) -> Callable:
    """Report contractgen's errors as plain messages with their exit code; anything else is a bug."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ContractgenError as exc:
            _fail(exc.lines(), exc.exit_code)
        except KeyboardInterrupt:
            _fail(["contractgen: interrupted; no output was half-written"], 130)
        except BrokenPipeError:
            # the reader went away (`contractgen clauses list | head`): not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug in contractgen, not the user's mistake
            if os.environ.get("CONTRACTGEN_DEBUG"):
                raise
            _fail([f"contractgen: internal error: {type(exc).__name__}: {exc}",
                   "This is a bug in contractgen. Please report it with the command you ran "
                   "(set CONTRACTGEN_DEBUG=1 to see the traceback)."], EXIT_INTERNAL)

    return wrapper


def partnership_files(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; a folder stands for the partnership files (*.yaml, *.yml) directly in it."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                raise click.UsageError(f"{name}: no partnership files (*.yaml) in this folder")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise click.UsageError(f"{name}: no such file or folder")
    return out


def resource_options(fn: Callable) -> Callable:
    fn = click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                      help="A folder of your own templates, searched before the built-in ones.")(fn)
    fn = click.option("--clauses", "clauses_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                      help="A folder of your own clauses, searched before the built-in library.")(fn)
    return fn


def _resources(templates_dir: Path | None, clauses_dir: Path | None):
    from .resources import Resources

    return Resources.with_user_dirs(templates_dir, clauses_dir)


def _print_warnings(loaded, strict: bool) -> bool:
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    return bool(loaded.unacknowledged) and strict


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="contractgen")
def main() -> None:
    """Draft the contracts and governance documents of an NHS integrated-care partnership
    from a YAML description of it."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@guarded
def validate(files: tuple[str, ...], strict: bool) -> None:
    """Check partnership files and report every problem with its file, line and column."""
    from .errors import InvalidInput
    from .partnership.load import load

    code = 0
    for path in partnership_files(files):
        try:
            loaded = load(path)
        except InvalidInput as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            code = EXIT_INVALID
            continue
        if _print_warnings(loaded, strict):
            code = EXIT_INVALID
        else:
            click.echo(f"{path}: valid", err=False)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to write: one folder per partnership.")
@click.option("--format", "formats", default=",".join(DEFAULT_FORMATS), show_default=True,
              help="Comma-separated formats: docx, pdf, md, html.")
@click.option("--strict", is_flag=True, help="Fail on warnings (validation warnings and renderer warnings).")
@click.option("--clean", is_flag=True, help="Leave out the reviewer's comments: a copy to send to the other side.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--force", is_flag=True, help="Rebuild everything, even outputs whose inputs have not changed.")
@click.option("--document", "documents", multiple=True, help="Build only this document (repeatable), e.g. mcp_contract.")
@click.option("--check", is_flag=True, help="Build the Markdown renditions in memory and fail if a committed golden "
              f"file ({GOLDEN_DIR}/<partnership>/<document>.md beside the partnership file) differs. Writes nothing.")
@click.option("--update-golden", is_flag=True, help="Rewrite the golden Markdown renditions beside each partnership file.")
@resource_options
@guarded
def build(paths, out_dir, formats, strict, clean, jobs, force, documents, check, update_golden, templates_dir,
          clauses_dir) -> None:
    """Build the documents of one or more partnership files (or folders of them)."""
    from .writers import FORMATS

    chosen = list(dict.fromkeys(f.strip() for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"expected formats from {', '.join(FORMATS)}, got {formats!r}", param_hint="--format")
    resources = _resources(templates_dir, clauses_dir)
    files = partnership_files(paths)
    if check or update_golden:
        sys.exit(_golden_all(files, resources, update_golden, strict))

    from .runner import Options, default_jobs, run

    options = Options(tuple(chosen), out_dir, strict=strict, clean=clean, force=force, only=tuple(documents))
    show = _Progress(sum(1 for _ in files))
    outcomes = run(files, options, resources, jobs or default_jobs(), progress=show)
    show.done(outcomes)
    sys.exit(max((o.exit_code for o in outcomes), default=0))


class _Progress:
    """A one-line status on a terminal; plain lines elsewhere (CI logs)."""

    def __init__(self, files: int):
        self.tty = sys.stderr.isatty()
        self.count = 0

    def __call__(self, outcome) -> None:
        for line in outcome.warnings + outcome.errors:
            self._clear()
            click.echo(line, err=True)
        if outcome.doc_id is None:
            return
        self.count += 1
        name = f"{outcome.display} {outcome.doc_id}"
        if outcome.errors:
            verb = "failed"
        elif outcome.skipped:
            verb = "up to date"
        else:
            verb = "built"
        if self.tty:
            click.echo(f"\r\033[K[{self.count}] {verb}: {name}", err=True, nl=False)
        else:
            click.echo(f"{verb}: {name}", err=True)

    def _clear(self) -> None:
        if self.tty:
            click.echo("\r\033[K", err=True, nl=False)

    def done(self, outcomes) -> None:
        self._clear()
        built = sum(1 for o in outcomes if o.doc_id and not o.errors and not o.skipped)
        fresh = sum(1 for o in outcomes if o.skipped)
        failed = sum(1 for o in outcomes if o.errors)
        click.echo(f"{built} document(s) built, {fresh} up to date, {failed} failed", err=True)


def _golden_all(files: list[Path], resources, update: bool, strict: bool) -> int:
    from .output import folder_clashes, folder_name

    code = 0
    stale: list[str] = []
    clashes = folder_clashes(files, beside=True)
    for path, owner in clashes.items():
        click.echo(f"{path}: its golden files would go in {path.parent / GOLDEN_DIR / folder_name(path)}, "
                   f"with those of {owner}: rename one of the two files", err=True)
        code = EXIT_INVALID
    for path in (p for p in files if p not in clashes):
        try:
            stale += _golden(path, resources, update=update, strict=strict)
        except ContractgenError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            code = max(code, exc.exit_code)
    if stale:
        click.echo("stale golden files (run `contractgen build --update-golden` and commit the result):", err=True)
        for name in stale:
            click.echo(f"  {name}", err=True)
        code = max(code, EXIT_STALE)
    elif not update and code == 0:
        click.echo(f"golden files up to date for {len(files)} partnership file(s)")
    return code


def _golden(path: Path, resources, update: bool, strict: bool) -> list[str]:
    from .build import assemble_all, render
    from .output import folder_name
    from .partnership.load import load

    loaded = load(path)
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    if strict and loaded.unacknowledged:
        from .errors import InvalidInput

        raise InvalidInput(loaded.unacknowledged)
    built = assemble_all(loaded, resources)
    folder = path.parent / GOLDEN_DIR / folder_name(path)
    stale: list[str] = []
    expected = {folder / f"{doc_id}.md": render(a.document, "md", resources) for doc_id, a in built.documents.items()}
    present = set(folder.glob("*.md")) if folder.is_dir() else set()
    for target, data in expected.items():
        current = target.read_bytes() if target.is_file() else None
        if current != data:
            if update:
                from .output import write_atomic

                write_atomic(target, data)
                click.echo(f"updated {target}")
            else:
                stale.append(f"{target}" + (" (missing)" if current is None else ""))
    for extra in sorted(present - set(expected)):
        if update:
            extra.unlink()
            click.echo(f"removed {extra}")
        else:
            stale.append(f"{extra} (no longer built)")
    return stale


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--care-model", type=click.Choice(["mcp", "pacs", "gp_network", "place_based", "primary_care_home",
                                                "care_closer_to_home"]),
              prompt="Care model (mcp, pacs, gp_network, place_based, primary_care_home or care_closer_to_home)")
@click.option("--level", type=click.Choice(["virtual", "partial", "full"]),
              help="Integration level (MCP and PACS only; asked for when not given).")
@click.option("--form", type=click.Choice(["alliance", "lead_provider", "prime_provider", "federation", "network",
                                          "collaboration", "joint_venture", "memorandum"]),
              help="Organisational form: for an MCP or PACS alliance, lead_provider or prime_provider (default: alliance "
                   "for a virtual model, else lead_provider); for a GP network federation, network, collaboration, "
                   "joint_venture or alliance (asked for when not given); for a place-based partnership memorandum; "
                   "for a Primary Care Home or care-closer-to-home network, network or collaboration (a memorandum) "
                   "or alliance (a binding alliance agreement).")
@click.option("--area", prompt="Area served (for instance Dudley)")
@click.option("--commissioner", prompt="Co-ordinating commissioner's legal name")
@click.option("--lead-provider", help="Lead provider's legal name (MCP and PACS; asked for when not given).")
@click.option("--acute-provider", help="Acute provider's legal name (MCP, PACS and place-based partnership; asked for "
              "when not given).")
@click.option("--council", help="A place-based partnership: the council's legal name (asked for when not given).")
@click.option("--shared-costs/--no-shared-costs", default=None,
              help="A place-based partnership: partners contribute to shared costs, such as a programme office "
                   "(asked for when not given).")
@click.option("--extended-access/--no-extended-access", default=None,
              help="A GP network: draft an extended access service schedule (asked for when not given).")
@click.option("--social-prescribing/--no-social-prescribing", default=None,
              help="A GP network: draft a social prescribing service schedule (asked for when not given).")
@click.option("--practices", type=click.IntRange(0, 12), default=None,
              help="Number of GP practices to start with (MCP, PACS and GP network; asked for when not given).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@guarded
def init(output, care_model, level, form, area, commissioner, lead_provider, acute_provider, council, shared_costs,
         extended_access, social_prescribing, practices, force) -> None:
    """Write a commented starter partnership file that validates and builds at once."""
    from datetime import date

    from .output import write_atomic
    from .partnership.load import load
    from .starter import (FORMS, Answers, CareNetworkAnswers, NetworkAnswers, PlaceAnswers, care_network_starter,
                          network_starter, place_starter, starter)

    if output.exists() and not force:
        raise click.UsageError(f"{output} exists: choose another name or pass --force")
    if care_model != "place_based" and (council is not None or shared_costs is not None):
        raise click.UsageError("--council and --shared-costs are for a place_based partnership")
    if care_model != "place_based" and practices is None:
        practices = click.prompt("Number of GP practices to start with", type=click.IntRange(0, 12), default=2)
    # each care model asks only its own questions: a GP network has no integration level or lead provider
    if care_model == "place_based":
        # a place-based partnership plans together under a memorandum: no level, practices or lead provider
        if level is not None or practices is not None or lead_provider is not None:
            raise click.UsageError("--level, --practices and --lead-provider are for an MCP, PACS or GP network: a "
                                   "place-based partnership's memorandum pools nothing and integrates no contract")
        if extended_access is not None or social_prescribing is not None:
            raise click.UsageError("--extended-access and --social-prescribing are for a gp_network")
        if form and form != "memorandum":
            raise click.BadParameter(f"expected memorandum for a place-based partnership, got {form}",
                                     param_hint="--form")
        acute_provider = acute_provider or click.prompt("NHS provider's legal name (an NHS trust or foundation trust)")
        council = council or click.prompt("Council's legal name")
        if shared_costs is None:
            shared_costs = click.confirm("Do partners contribute to shared costs (a programme office, say)?",
                                         default=False)
        text = place_starter(PlaceAnswers(area, commissioner, council, acute_provider, shared_costs,
                                          today=date.today()))
    elif care_model in ("primary_care_home", "care_closer_to_home"):
        if level is not None:
            raise click.UsageError(f"--level is for an MCP or PACS: the members of a {care_model} keep their own "
                                   "contracts")
        if extended_access is not None or social_prescribing is not None or lead_provider or acute_provider:
            raise click.UsageError("--extended-access, --social-prescribing, --lead-provider and --acute-provider "
                                   f"are not asked for a {care_model}")
        forms = ("network", "collaboration", "alliance")
        if form and form not in forms:
            raise click.BadParameter(f"expected network, collaboration or alliance for a {care_model}, got {form}",
                                     param_hint="--form")
        form = form or click.prompt("Organisational form (network or collaboration: a memorandum; alliance: a "
                                    "binding alliance agreement)", type=click.Choice(forms), default="network")
        text = care_network_starter(CareNetworkAnswers(care_model, area, commissioner, form, max(practices, 1),
                                                       today=date.today()))
    elif care_model == "gp_network":
        if level is not None:
            raise click.UsageError("--level is for an MCP or PACS: a GP network's practices keep their own contracts")
        if form and form not in ("federation", "network", "collaboration", "joint_venture", "alliance"):
            raise click.BadParameter(f"expected federation, network, collaboration, joint_venture or alliance for a "
                                     f"GP network, got {form}", param_hint="--form")
        form = form or click.prompt("Organisational form", type=click.Choice(
            ["federation", "network", "collaboration", "joint_venture", "alliance"]), default="federation")
        if extended_access is None:
            extended_access = click.confirm("Draft an extended access service schedule?", default=True)
        if social_prescribing is None:
            social_prescribing = click.confirm("Draft a social prescribing service schedule?", default=True)
        text = network_starter(NetworkAnswers(area, commissioner, form, max(practices, 2), extended_access,
                                              social_prescribing, today=date.today()))
    else:
        if extended_access is not None or social_prescribing is not None:
            raise click.UsageError("--extended-access and --social-prescribing are for a gp_network")
        level = level or click.prompt("Integration level", type=click.Choice(["virtual", "partial", "full"]))
        if form and form not in FORMS[level]:
            raise click.BadParameter(f"expected one of {', '.join(FORMS[level])} for {level} integration, got {form}",
                                     param_hint="--form")
        lead_provider = lead_provider or click.prompt("Lead provider's legal name")
        acute_provider = acute_provider or click.prompt("Acute provider's legal name")
        if care_model == "mcp" and level != "virtual":
            practices = max(practices, 1)  # a partially or fully integrated MCP is built around practices
        text = starter(Answers(care_model, level, area, commissioner, lead_provider, acute_provider, practices,
                               today=date.today(), form=form or ""))
    # prove it before it replaces anything: a starter that does not validate is a bug of ours
    draft = output.with_name(f".{output.name}.draft")
    try:
        write_atomic(draft, text.encode("utf-8"))
        loaded = load(draft, str(output))
        os.replace(draft, output)
    finally:
        draft.unlink(missing_ok=True)
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"wrote {output}: edit it, then run `contractgen build {output}`")


@main.command("reference-docx")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@guarded
def reference_docx(output, force) -> None:
    """Write the default reference.docx, the Word styles contractgen writes with, for you to restyle.

    Change the styles in Word or LibreOffice, save it as reference.docx in a folder of your own and
    build with --templates FOLDER. Styles and the clause numbering list it lacks are added at build time.
    """
    from .output import write_atomic
    from .writers.docx_reference import default_reference

    if output.exists() and not force:
        raise click.UsageError(f"{output} exists: choose another name or pass --force")
    write_atomic(output, default_reference())
    click.echo(f"wrote {output}: restyle it in Word or LibreOffice, save it as reference.docx in a folder of its own, "
               f"then build with `contractgen build --templates FOLDER ...`")


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.option("--care-model", type=click.Choice(CARE_MODEL_IDS),
              help="Only clauses written for this care model.")
@click.option("--level", type=click.Choice(["virtual", "partial", "full"]), help="Only clauses for this level.")
@click.option("--document", "document", help="Only clauses the document's template can include.")
@resource_options
@guarded
def clauses_list(care_model, level, document, templates_dir, clauses_dir) -> None:
    """List clauses: id, version, where they apply, title."""
    from .build import library, template
    from .doctemplate import clause_ids

    resources = _resources(templates_dir, clauses_dir)
    lib = library(resources)
    specs = lib.select(care_model, level)
    if document:
        wanted = clause_ids(template(resources, document).spec)
        specs = [s for s in specs if s.id in wanted]
    for spec in specs:
        click.echo(f"{spec.id:<44} {spec.meta.version:<8} {spec.meta.applies_to.describe():<32} "
                   f"{spec.meta.title or ''}")


@clauses.command("show")
@click.argument("clause_id")
@resource_options
@guarded
def clauses_show(clause_id, templates_dir, clauses_dir) -> None:
    """Show one clause: its metadata, drafting note and body as written."""
    from .build import library

    lib = library(_resources(templates_dir, clauses_dir))
    spec = lib.get(clause_id)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(clause_id, list(lib.clauses), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise click.UsageError(f"no clause '{clause_id}' in the library.{hint}")
    m = spec.meta
    click.echo(f"{m.id} {m.version}  ({spec.display})")
    if m.title:
        click.echo(f"title: {m.title}")
    click.echo(f"applies to: {m.applies_to.describe()}")
    for term, definition in m.defines.items():
        click.echo(f"defines: {term}: {definition}")
    if m.note:
        click.echo(f"note: {m.note}")
    click.echo("")
    click.echo(spec.body.strip())


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--document", "documents", multiple=True, help="Only this document (repeatable).")
@resource_options
@guarded
def explain(file, documents, templates_dir, clauses_dir) -> None:
    """Say which clauses went into each document, at which version, and why.

    FILE is a partnership file (the documents are assembled now, and left-out clauses are shown
    too), a DOCX that contractgen wrote (its provenance properties are read back), or the
    manifest.json written beside the outputs.
    """
    if file.suffix == ".docx":
        from .provenance import read_docx_provenance

        _print_provenance([read_docx_provenance(file)], documents)
        return
    if file.suffix == ".json":
        import json

        try:
            manifest = json.loads(file.read_text(encoding="utf-8"))
            provenances = manifest["documents"]
        except (ValueError, KeyError, TypeError):
            raise click.UsageError(f"{file}: not a manifest.json written by contractgen")
        _print_provenance(provenances, documents)
        if manifest.get("unrecorded"):
            click.echo(f"files of unknown origin: {', '.join(manifest['unrecorded'])}")
        return
    from .build import assemble_all
    from .partnership.load import load

    loaded = load(file)
    built = assemble_all(loaded, _resources(templates_dir, clauses_dir), only=list(documents) or None,
                         keep_going=True)
    for doc_id, assembled in built.documents.items():
        click.echo(f"{doc_id}: {assembled.document.meta.title}")
        for d in assembled.decisions:
            mark = "+" if d.included else "-"
            click.echo(f"  {mark} {d.clause_id:<44} {d.version or '':<8} {d.reason}")
    if built.errors:  # the other documents were explained; say what stopped this one, and fail
        from .errors import InvalidInput

        raise InvalidInput(built.errors)


def _print_provenance(provenances: list[dict], only: tuple[str, ...]) -> None:
    for prov in provenances:
        if only and prov.get("document") not in only:
            continue
        partnership = prov.get("partnership", {})
        draft = prov.get("draft") or {}
        click.echo(f"{prov.get('document')}: built by contractgen {prov.get('contractgen')} from "
                   f"{partnership.get('path')} (sha256 {str(partnership.get('sha256', ''))[:12]}"
                   + (f", draft {draft['version']}" if draft.get("version") else "") + ")")
        if isinstance(prov.get("outputs"), dict):  # a manifest names the files built from these inputs
            click.echo(f"  files: {', '.join(sorted(prov['outputs']))}")
        for clause in prov.get("clauses", []):
            reason = clause.get("reason") or ""
            click.echo(f"  + {clause['id']:<44} {clause.get('version') or '':<8} {reason}".rstrip())
        for clause in prov.get("left_out", []):
            click.echo(f"  - {clause['id']:<44} {clause.get('version') or '':<8} {clause.get('reason', '')}".rstrip())


@main.command()
@click.argument("files", nargs=-1, required=True)
@resource_options
@guarded
def lint(files, templates_dir, clauses_dir) -> None:
    """Check the assembled documents: terms used but not defined, defined but not used or defined
    twice, dangling references, empty clauses, schedule numbering, seams in the assembled text and contradictions
    between the documents of a partnership.
    Exit 2 on any finding. Then list each document's placeholders (values the file leaves open or
    gives as illustrative): information for the reviewer, which never changes the exit code."""
    from .build import assemble_all, cross_findings
    from .errors import InvalidInput
    from .lint import lint as run_lint
    from .lint import partnership_names, placeholders
    from .partnership.load import load

    resources = _resources(templates_dir, clauses_dir)
    code, total, open_items = 0, 0, []
    for path in partnership_files(files):
        try:
            loaded = load(path)
            built = assemble_all(loaded, resources, keep_going=True)
        except InvalidInput as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            code = EXIT_INVALID
            continue
        if built.errors:  # report them, and lint the documents that could be assembled
            for line in InvalidInput(built.errors).lines():
                click.echo(line, err=True)
            code = EXIT_INVALID
        names = partnership_names(loaded.partnership)
        for assembled in built.documents.values():
            for finding in run_lint(assembled, names):
                click.echo(f"{finding} (building {path})")
                total += 1
            open_items += [f"{item} (building {path})" for item in placeholders(assembled.document)]
        for finding in cross_findings(built):
            click.echo(f"{finding} (building {path})")
            total += 1
    if total:
        code = EXIT_INVALID
    if open_items:
        click.echo("Placeholders still open (for information; they do not fail lint or build --strict):")
        for line in open_items:
            click.echo(f"  {line}")
    click.echo(f"{total} finding(s), {len(open_items)} placeholder(s) open", err=True)
    sys.exit(code)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--document", "documents", multiple=True, help="Only this document (repeatable), e.g. mcp_contract.")
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to write: <out>/<partnership>/<document>.redline.docx and .redline.md (the tracked "
                   "changes), .changes.docx and .changes.md (a summary of them).")
@click.option("--author", help="Who the tracked changes are by (default: $CONTRACTGEN_AUTHOR, else git's user.name).")
@click.option("--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date of the tracked changes, YYYY-MM-DD (default: the new draft's date).")
@click.option("--verbose", is_flag=True,
              help="Add clause ids, library clause versions and the partnership file's changed values to the summary.")
@resource_options
@guarded
def redline(old, new, documents, out_dir, author, when, verbose, templates_dir, clauses_dir) -> None:
    """Show what changed between two drafts as Word tracked changes, with a summary for the lawyers
    and a Markdown rendering for a pull request.

    OLD and NEW are partnership files, or a file at a git revision: examples/dudley.yaml@HEAD~1
    (built with the clause library and templates of that revision). The summary names the drafts by
    file name and version only, never by the folder they are in."""
    from .output import folder_name, write_atomic
    from .redline import redlines
    from .redline.sources import split_spec
    from .redline.summary import NO_CHANGES

    results = redlines(old, new, _resources(templates_dir, clauses_dir), list(documents) or None, author,
                       when.date() if when else None, verbose=verbose)
    folder = out_dir / folder_name(split_spec(new)[0])
    for result in results:
        files = result.files()
        for name, data in files.items():
            write_atomic(folder / name, data)
        what = f"{result.changes} change(s)" if result.changed else "no changes"
        click.echo(f"wrote {', '.join(str(folder / name) for name in files)}: {what}")
    if not any(result.changed for result in results):
        click.echo(NO_CHANGES)


@main.command()
@guarded
def schema() -> None:
    """Print the partnership file format as JSON Schema (for editors)."""
    import json

    from .partnership.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


if __name__ == "__main__":  # pragma: no cover
    main()
