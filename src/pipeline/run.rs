//! A run that writes an output set: documents (or facts files) → the store → the exports, as
//! one transaction ([`super::outdir`]).
//!
//! `build`, `merge` and `remove` are one code path ([`run`]): open a new store in the new set
//! (empty, or a copy of the `--into` set's `graph.db`), take documents out, stream documents in
//! (each document's facts go to disk as they come; the lean graph of entities and relation
//! edges grows in memory), finish (identity rules, the finished layer), write the exports from
//! the store, swap the set in. A run that started from an existing store, replaced a document
//! or demoted a duplicate's holder rebuilds the lean graph from the store before finishing, so
//! the result is the same as a fresh build of the final set of documents.

use super::outdir::{OutDirError, OutputSet};
use super::{run_documents, BuildOptions, Input, PipelineError, StageTimings, Stats};
use crate::export::ties::Ties;
use crate::export::{self, ExportOptions, ExportReport, Format};
use crate::extract;
use crate::graph::KnowledgeGraph;
use crate::input::InputWarning;
use crate::lexicon::Lexicon;
use crate::model::DocFacts;
use crate::store::{Store, StoreError, StoreGraph, DB_FILE};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the documents of a run come from.
#[derive(Clone, Copy)]
pub enum Documents<'a> {
    /// Articles to extract.
    Inputs(&'a [Input]),
    /// Facts files written by `newsgraph extract`.
    Facts(&'a [PathBuf]),
    /// None (`remove`).
    None,
}

/// What a run does besides adding documents.
#[derive(Default)]
pub struct Plan<'a> {
    /// Start from the store of this output set (a directory, or its `graph.db`/`graph.json`).
    pub into: Option<&'a Path>,
    /// Document ids to take out.
    pub remove: &'a [String],
    /// Keep the evidence cap stored in the `--into` store (instead of the run's).
    pub keep_settings: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Documents read.
    pub stats: Stats,
    /// Time per stage.
    pub times: StageTimings,
    /// Files written (in the new set, under their final names).
    pub written: Vec<PathBuf>,
    /// Warnings from the exporters, replacements, duplicates, removals and the clean-up of
    /// earlier runs.
    pub warnings: Vec<String>,
    /// Documents holding facts in the store after the run.
    pub documents: usize,
    /// Entities and relation edges after finishing.
    pub nodes: usize,
    /// Relation edges after finishing.
    pub edges: usize,
    /// A `--focus` that named no node or several: no drawing, everything else written.
    pub focus: Option<export::FocusFailure>,
    /// Wall time of the steps of finishing and exporting, in order (`--timings` prints them).
    pub steps: Vec<(&'static str, std::time::Duration)>,
}

fn store_err(e: StoreError) -> PipelineError {
    PipelineError::Graph { path: String::new(), message: e.to_string() }
}

fn out_err(out: &Path) -> impl Fn(OutDirError) -> PipelineError + '_ {
    move |e| PipelineError::Export { dir: out.display().to_string(), message: e.to_string() }
}

/// The `graph.db` of an existing output set (given as the directory, or a file in it).
pub fn store_of(into: &Path) -> PathBuf {
    if into.is_dir() {
        into.join(DB_FILE)
    } else if into.file_name().is_some_and(|n| n == DB_FILE) {
        into.to_path_buf()
    } else {
        into.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(DB_FILE)
    }
}

/// Runs a build, merge or removal into the output set `out` (see the module notes).
pub fn run(
    docs: Documents<'_>,
    plan: &Plan<'_>,
    out: &Path,
    opts: &BuildOptions,
    lex: &Lexicon,
    exports: &ExportOptions,
    mut warn: impl FnMut(InputWarning) + Send,
) -> Result<RunReport, PipelineError> {
    let start = Instant::now();
    let set = OutputSet::begin(out).map_err(out_err(out))?;
    let mut report = RunReport { warnings: set.recovered.clone(), ..Default::default() };
    let db = set.dir().join(DB_FILE);
    let mut rebuild = false;
    let mut store = match plan.into {
        Some(into) => {
            let src = store_of(into);
            // Opening checks the schema before anything is copied.
            drop(Store::open(&src, false).map_err(store_err)?);
            std::fs::copy(&src, &db).map_err(|source| PipelineError::Write { path: db.display().to_string(), source })?;
            rebuild = true;
            let mut s = Store::open(&db, true).map_err(store_err)?;
            if !plan.keep_settings {
                s.set_max_evidence(opts.max_evidence).map_err(store_err)?;
            }
            s
        }
        None => Store::create(&db, opts.max_evidence).map_err(store_err)?,
    };
    store.set_threads(opts.threads).map_err(store_err)?;
    for id in plan.remove {
        if store.remove_document(id).map_err(store_err)? {
            rebuild = true;
        } else {
            report.warnings.push(format!("no document {id:?} in the store: nothing removed"));
        }
    }
    let mut g = KnowledgeGraph::new(opts.max_evidence);
    let mut failed: Option<StoreError> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut sentences = 0u64;
    let mut sink = |(facts, prepared): (DocFacts, Option<crate::store::Prepared>), t: &mut StageTimings| {
        sentences = sentences.saturating_add(facts.document.sentences);
        if failed.is_some() {
            return;
        }
        let t0 = Instant::now();
        match store.add_prepared(&facts, prepared, if rebuild { None } else { Some(&mut g) }) {
            Ok(a) => {
                rebuild |= a.rebuild;
                if a.replaced {
                    notes.push(format!("document {:?} replaces the earlier version", facts.document.id));
                }
                if let Some(h) = a.duplicate_of {
                    notes.push(format!("document {:?} has the same text as {h:?}: stored once", facts.document.id));
                }
                notes.extend(a.warnings.into_iter().map(|w| format!("document {:?}: {w}", facts.document.id)));
            }
            Err(e) => failed = Some(e),
        }
        t.merge += t0.elapsed();
    };
    let (mut stats, mut times) = match docs {
        Documents::Inputs(inputs) => {
            // The rows are made on the workers; the sink only writes them.
            let work = |d: &crate::input::RawDoc, lex: &Lexicon, t: &mut StageTimings| {
                let f = extract::extract_timed(d, lex, t);
                let t0 = Instant::now();
                let p = crate::store::prepare(&f);
                t.facts += t0.elapsed();
                (f, Some(p))
            };
            run_documents(inputs, opts, lex, work, &mut sink, &mut warn)?
        }
        Documents::Facts(files) => super::facts::merge_facts(files, opts, |f, t| sink((f, None), t), &mut warn)?,
        Documents::None => (Stats::default(), StageTimings::default()),
    };
    // The sink's borrows end here.
    let _ = &sink;
    if matches!(docs, Documents::Inputs(_)) {
        stats.sentences = sentences;
    }
    if let Some(e) = failed {
        return Err(store_err(e));
    }
    report.warnings.extend(notes);
    if stats.documents == 0 && plan.into.is_none() && !matches!(docs, Documents::None) {
        // Nothing was read: the old set stays as it was (the new one is dropped unwritten).
        report.stats = stats;
        return Ok(report);
    }
    let t0 = Instant::now();
    if rebuild {
        g = store.lean_graph().map_err(store_err)?;
    }
    store.finish(&mut g, lex).map_err(store_err)?;
    let t1 = Instant::now();
    times.finalize += t1 - t0;
    report.nodes = g.node_count();
    report.edges = store.relation_edge_count().map_err(store_err)?;
    drop(g);
    report.documents = store.document_ids().map_err(store_err)?.len();
    report.steps.extend(store.steps());
    let ex = write_exports(&store, set.dir(), exports)?;
    report.steps.extend(store.steps());
    report.warnings.extend(ex.warnings);
    report.focus = ex.focus;
    store.close().map_err(store_err)?;
    report.written = std::iter::once(db).chain(ex.written).map(|p| out.join(p.strip_prefix(set.dir()).unwrap_or(&p))).collect();
    set.commit().map_err(out_err(out))?;
    times.export += t1.elapsed();
    times.total = start.elapsed();
    report.stats = stats;
    report.times = times;
    Ok(report)
}

/// Most entities drawn in the default `graph.dot`/`graph.svg` (the overview).
pub const DRAWING_NODES: usize = export::drawing::OVERVIEW_NODES;

/// Writes the exports of the store into `dir`: `graph.json` streamed; the picture (the
/// overview of the most connected entities, or the `--focus` picture) from what the store
/// reads for it; the other formats from the graph loaded whole (they are not in the default set).
pub fn write_exports(store: &Store, dir: &Path, opts: &ExportOptions) -> Result<ExportReport, PipelineError> {
    let mut report = ExportReport::default();
    let f = &opts.formats;
    let ex = |e: export::ExportError| PipelineError::Export { dir: dir.display().to_string(), message: e.to_string() };
    let drawing_formats: std::collections::BTreeSet<Format> = f.iter().copied().filter(|x| matches!(x, Format::Dot | Format::Svg | Format::Png)).collect();
    // What the overview and the page rank entities by, read once for both.
    let mut ties = None;
    // `graph.json` is written on its own connection and thread while the pictures and the page
    // are made on this one, when there are threads for both.
    let json = f.contains(&Format::Json).then(|| dir.join("graph.json"));
    let beside = json.is_some() && store.threads() > 1 && (!drawing_formats.is_empty() || f.contains(&Format::Html));
    std::thread::scope(|scope| -> Result<(), PipelineError> {
        let write_json = |store: &Store, path: &Path| -> Result<std::time::Duration, PipelineError> {
            let t0 = std::time::Instant::now();
            let file = std::fs::File::create(path).map_err(|source| PipelineError::Write { path: path.display().to_string(), source })?;
            store.write_json(file).map_err(store_err)?;
            Ok(t0.elapsed())
        };
        let mut beside_job = None;
        if let Some(path) = &json {
            if beside {
                let reader = store.reader().map_err(store_err)?;
                beside_job = Some(scope.spawn(move || write_json(&reader, path)));
            } else {
                store.record_step("export: graph.json", write_json(store, path)?);
            }
            report.written.push(path.clone());
        }
        pictures(store, dir, opts, &drawing_formats, &mut ties, &mut report)?;
        if let Some(job) = beside_job {
            let took = job.join().map_err(|_| PipelineError::Export { dir: dir.display().to_string(), message: "the graph.json thread stopped".into() })??;
            store.record_step("export: graph.json (beside the pictures)", took);
        }
        Ok(())
    })?;
    let rest: std::collections::BTreeSet<Format> =
        f.iter().copied().filter(|x| !matches!(x, Format::Json | Format::Dot | Format::Svg | Format::Png | Format::Html)).collect();
    if !rest.is_empty() {
        let g = store.load_graph().map_err(store_err)?;
        let r = export::write_all(&g, dir, &ExportOptions { formats: rest, ..opts.clone() }).map_err(ex)?;
        report.written.extend(r.written);
        report.warnings.extend(r.warnings);
    }
    Ok(report)
}

/// The picture (overview or focus) and the page, read from the store.
fn pictures(
    store: &Store,
    dir: &Path,
    opts: &ExportOptions,
    drawing_formats: &std::collections::BTreeSet<Format>,
    ties: &mut Option<Ties>,
    report: &mut ExportReport,
) -> Result<(), PipelineError> {
    let f = &opts.formats;
    let ex = |e: export::ExportError| PipelineError::Export { dir: dir.display().to_string(), message: e.to_string() };
    let picture = if drawing_formats.is_empty() { None } else { store.step("export: overview", || picture(store, opts, ties, report))? };
    if let Some(dot) = picture {
        let r = store.step("export: drawing", || export::write_picture(&dot, dir, drawing_formats)).map_err(ex)?;
        report.written.extend(r.written);
        report.warnings.extend(r.warnings);
    }
    if f.contains(&Format::Html) {
        let path = dir.join("graph.html");
        store.step("export: graph.html", || -> Result<(), PipelineError> {
            let sg = StoreGraph::new(store);
            let mut t = match ties.take() {
                Some(t) => t,
                None => sg.ties().map_err(store_err)?,
            };
            let (g, total) = sg.page_graph_of(&mut t, export::html::Limits::default()).map_err(store_err)?;
            drop(t);
            export::atomic_write(&path, export::html::page(&g, export::PAGE_TITLE, total).as_bytes())
                .map_err(|source| PipelineError::Write { path: path.display().to_string(), source })
        })?;
        report.written.push(path);
    }
    Ok(())
}

/// The DOT text of the picture, read from the store: the focus (resolved as `query` resolves
/// names; a name that matches no entity or several is reported, and no picture is drawn), the
/// overview, or with `top` 0 the whole graph.
fn picture(store: &Store, opts: &ExportOptions, ties: &mut Option<Ties>, report: &mut ExportReport) -> Result<Option<String>, PipelineError> {
    let sg = StoreGraph::new(store);
    if let Some(f) = &opts.focus {
        return match sg.resolve_noted(f) {
            Ok((id, note)) => {
                if let Some(n) = note {
                    report.warnings.push(format!("--focus {n}"));
                }
                let g = sg.focus_graph(&id, opts.hops).map_err(|e| PipelineError::Graph { path: String::new(), message: e.to_string() })?;
                Ok(Some(export::drawing::focus_dot(&g, &id, opts.hops, opts.layout)))
            }
            Err(e) => {
                let code = e.code();
                let message = format!("--focus `{f}`: {e}");
                report.focus = Some(export::FocusFailure { code, message, details: e.details() });
                Ok(None)
            }
        };
    }
    if opts.top == 0 {
        let g = store.load_graph().map_err(store_err)?;
        return export::to_dot(&g, &opts.dot_options()).map(Some).map_err(|e| PipelineError::Export { dir: String::new(), message: e.to_string() });
    }
    let t = ties.insert(sg.ties().map_err(store_err)?);
    Ok(Some(sg.overview_of(t, opts.top).map_err(store_err)?.to_dot(opts.layout)))
}
