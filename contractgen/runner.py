"""Build many partnerships: validate them all, then render their documents in worker processes,
skipping any output whose inputs have not changed since it was last written.

The unit of work is one document of one partnership, in every requested format, so two
workers share a large contract and a small one fairly. Workers import the writers once,
when they start, so WeasyPrint's import is paid once per worker, not once per document.
Everything a document needs is rendered before any of its files is written, and only the
main process writes: it knows each file's bytes and inputs before the file replaces the old
one, so the manifest it writes last (also after Ctrl-C) names the right inputs for every file.
Builds into one output root take turns through its lock (`manifest.BuildLock`).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import cache, doctypes
from .errors import EXIT_INVALID, EXIT_REFUSED, ContractgenError
from .output import folder_clashes, folder_name
from .resources import Resources
from .writers import EXTENSIONS

if TYPE_CHECKING:  # pragma: no cover
    from .manifest import Known
    from .partnership.load import Loaded


@dataclass(frozen=True)
class Options:
    """What a build was asked for; part of every output's cache key."""

    formats: tuple[str, ...]
    out_root: Path
    strict: bool = False
    clean: bool = False
    force: bool = False
    only: tuple[str, ...] = ()  # build only these documents (all when empty)


@dataclass(frozen=True)
class Task:
    path: Path
    display: str
    doc_id: str
    options: Options
    resources: Resources


@dataclass
class Outcome:
    """What happened to one document (or, with no doc_id, to a whole partnership file)."""

    display: str
    doc_id: str | None
    written: list[Path] = field(default_factory=list)
    skipped: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exit_code: int = 0
    cache_entry: dict | None = None
    path: Path | None = None
    task: Task | None = None
    rendered: list[tuple[Path, bytes]] = field(default_factory=list)  # to be written by the main process
    provenance: dict | None = None
    clause_files: list[str] = field(default_factory=list)


def output_folder(path: Path, options: Options) -> Path:
    """Where a partnership file's documents and manifest go."""
    return options.out_root / folder_name(path)


def targets(task: Task) -> list[Path]:
    folder = output_folder(task.path, task.options)
    return [folder / f"{task.doc_id}{EXTENSIONS[fmt]}" for fmt in task.options.formats]


def _worker_start(formats: tuple[str, ...]) -> None:
    # pay for the heavy imports once per worker
    from .writers import writer

    for fmt in formats:
        writer(fmt)


_loaded: dict[tuple[Path, str, bytes], Loaded] = {}


def load_once(path: Path, display: str) -> Loaded:
    """A partnership file read and validated once per process for the same bytes: planning reads
    every file first, and a worker forked after planning finds its file here."""
    from .partnership.load import load

    key = (path, display, hashlib.sha256(path.read_bytes()).digest())
    if key not in _loaded:
        _loaded[key] = load(path, display)
    return _loaded[key]


def run_task(task: Task) -> Outcome:
    """Assemble one document, lint it and render it in every format (in a worker process); the
    main process writes the files (`_store`)."""
    from .build import assemble_all, library, render
    from .lint import lint, partnership_names
    from .provenance import properties, provenance

    outcome = Outcome(task.display, task.doc_id, path=task.path, task=task)
    try:
        loaded = load_once(task.path, task.display)
        built = assemble_all(loaded, task.resources, only=[task.doc_id], clean=task.options.clean)
        assembled = built.documents[task.doc_id]
        findings = [f"{f} (building {task.display})" for f in lint(assembled, partnership_names(loaded.partnership))]
        outcome.warnings = findings
        if findings and task.options.strict:
            outcome.errors = [f"{task.display}: {task.doc_id}: {len(findings)} lint finding(s); --strict makes "
                              "them fail the build, so nothing was written"]
            outcome.exit_code = EXIT_INVALID
            return outcome
        # the file's name, not its path: the same inputs give the same bytes wherever they are built
        prov = provenance(assembled, task.path.name, task.path.read_bytes())
        assembled.document.meta.properties.update(properties(prov))
        outcome.rendered = [(target, render(assembled.document, fmt, task.resources, strict=task.options.strict))
                            for target, fmt in zip(targets(task), task.options.formats)]
        outcome.provenance = prov
        lib = library(task.resources)
        outcome.clause_files = sorted({str(lib.get(d.clause_id).file) for d in assembled.decisions
                                       if lib.get(d.clause_id)})
    except ContractgenError as exc:
        outcome.errors = exc.lines()
        outcome.exit_code = exc.exit_code
    return outcome


def _store(outcome: Outcome, known: "Known") -> None:
    """Write a rendered document's files, each replacing its old version only when complete.

    Each file's bytes and inputs go into `known` before the file is written, so whatever
    stops the writing, the manifest can tell which draft every file on disk is."""
    from .output import write_atomic
    from .provenance import sha256

    rendered, outcome.rendered = outcome.rendered, []  # the bytes are not needed once written
    for target, data in rendered:
        known[(target.name, sha256(data))] = outcome.provenance
    try:
        for target, data in rendered:
            write_atomic(target, data)
    except OSError as exc:  # a full disk or a folder we may not write to: the old outputs are intact
        task = outcome.task
        where = exc.filename or task.options.out_root
        outcome.errors = [f"{where}: cannot write {task.doc_id}: {exc.strerror or exc}; "
                          "the previous outputs are unchanged"]
        outcome.exit_code = EXIT_REFUSED
        return
    outcome.written = [target for target, _ in rendered]
    outcome.cache_entry = cache.entry(outcome.task, outcome.clause_files, outcome.written, outcome.warnings,
                                      outcome.provenance)


def plan(files: list[Path], options: Options, resources: Resources) -> tuple[list[Task], list[Outcome]]:
    """Validate every file and list the documents to build; invalid files become failed outcomes."""
    from .build import assemble_all, cross_findings, documents_for

    tasks: list[Task] = []
    failed: list[Outcome] = []
    for path in files:
        display = str(path)
        try:
            loaded = load_once(path, display)
        except ContractgenError as exc:
            failed.append(Outcome(display, None, errors=exc.lines(), exit_code=exc.exit_code))
            continue
        warnings = [str(w) for w in loaded.warnings]
        failing = options.strict and bool(loaded.unacknowledged)
        if warnings:
            failed.append(Outcome(display, None, warnings=warnings, exit_code=2 if failing else 0))
            if failing:
                continue
        if not options.only:
            # the documents tell one story: contradictions between them are lint findings
            built = assemble_all(loaded, resources, keep_going=True)
            findings = [f"{f} (building {display})" for f in cross_findings(built)]
            if findings:
                failed.append(Outcome(display, None, warnings=findings, exit_code=2 if options.strict else 0,
                                      errors=[f"{display}: {len(findings)} cross-document finding(s); --strict "
                                              "makes them fail the build, so nothing was written"]
                                      if options.strict else []))
                if options.strict:
                    continue
        for doc_id in documents_for(loaded):
            if not options.only or doc_id in options.only:
                tasks.append(Task(path, display, doc_id, options, resources))
    return tasks, failed


def run(files: list[Path], options: Options, resources: Resources, jobs: int,
        progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every document of every file; returns one outcome per document (and per file with
    errors or warnings)."""
    from .manifest import BuildLock

    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    lock = BuildLock(options.out_root, waiting=lambda message: report(Outcome(str(options.out_root), None,
                                                                              warnings=[message])))
    try:
        if options.out_root.is_dir():
            # earlier outputs are there: hold the lock while judging them fresh, so another build
            # cannot replace them between that judgement and this build's manifest
            lock.acquire()
        _run(files, options, resources, jobs, report, lock)
    finally:
        lock.release()
    return outcomes


def _run(files: list[Path], options: Options, resources: Resources, jobs: int, report: Callable[[Outcome], None],
         lock) -> None:
    from .manifest import known_from_records, write_manifest

    todo: list[Task] = []
    warnings: dict[Path, list[str]] = {}
    asked: dict[Path, list[str]] = {}
    clashes = folder_clashes(files)
    for path, owner in clashes.items():
        report(Outcome(str(path), None, exit_code=EXIT_INVALID, errors=[
            f"{path}: its documents would go in {options.out_root / folder_name(path)}, with those of {owner}: "
            "rename one of the two files"]))
    for path in (p for p in files if p not in clashes):
        state = None if options.force else cache.fresh_documents(path, options, resources)
        if state is not None and state.complete:
            # the partnership file is unchanged, so it is still valid and asks for the same documents;
            # --strict is part of each document's key, so a strict build only ever finds what an
            # earlier strict build wrote, and that build had no failing warning or finding
            if state.warnings:
                report(Outcome(str(path), None, warnings=state.warnings))
            for doc_id in sorted(state.fresh):
                task = Task(path, str(path), doc_id, options, resources)
                report(Outcome(str(path), doc_id, written=targets(task), skipped=True, path=path,
                               warnings=state.findings.get(doc_id, [])))
            continue
        tasks, failed = plan([path], options, resources)
        for outcome in failed:
            report(outcome)
        warnings[path] = [w for o in failed for w in o.warnings]
        asked[path] = [t.doc_id for t in tasks]
        fresh = state.fresh if state else set()
        for task in tasks:
            if task.doc_id in fresh:
                report(Outcome(task.display, task.doc_id, written=targets(task), skipped=True, path=path,
                               warnings=state.findings.get(task.doc_id, [])))
            else:
                todo.append(task)
    if todo and "docx" in options.formats:
        from .writers.docx_reference import open_reference

        # an unusable reference document is refused once, before any document, not once per document
        open_reference(resources.reference_docx)
    built: dict[Path, dict[str, dict]] = {}
    known: dict[Path, dict] = {}
    try:
        for outcome in _execute(todo, options, jobs):
            if outcome.rendered:
                lock.acquire()  # a no-op when held; the first write of a build into a new root takes it
                _store(outcome, known.setdefault(outcome.path, {}))
            report(outcome)
            if outcome.cache_entry and outcome.path is not None:
                built.setdefault(outcome.path, {})[outcome.doc_id] = outcome.cache_entry
    finally:
        # also after Ctrl-C or a failure: the record and the manifest describe what is on disk now
        for path in dict.fromkeys(t.path for t in todo):
            folder = output_folder(path, options)
            if not lock.held or not folder.is_dir():
                continue  # nothing was written there
            try:
                recorded = (cache.record(path, options, built[path], asked.get(path, []), warnings.get(path, []))
                            if path in built else {})
                write_manifest(folder, known.get(path, {}),
                               known_from_records(recorded.get("documents", {}).values()))
            except OSError as exc:
                report(Outcome(str(path), None, errors=[f"{exc.filename or folder}: cannot write the manifest: "
                                                        f"{exc.strerror or exc}"], exit_code=EXIT_REFUSED))


def _execute(tasks: list[Task], options: Options, jobs: int) -> Iterator[Outcome]:
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            yield run_task(task)
        return
    # biggest documents first, so no worker is left with a large contract at the end
    order = sorted(tasks, key=lambda t: -_weight(t))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_worker_start,
                             initargs=(options.formats,)) as pool:
        # each document as soon as it is ready, so what is rendered is written even if Ctrl-C comes next
        yield from (future.result() for future in as_completed([pool.submit(run_task, task) for task in order]))


def _weight(task: Task) -> int:
    return doctypes.weight(task.doc_id)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
