//! The `tandem` command line: argument definitions and one thin handler per command.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use tandem_engine::access::Access;
use tandem_engine::city::City;
use tandem_engine::feedback::{FeedbackLog, Personal};
use tandem_engine::geography::{Area, Country, Place};
use tandem_engine::synth::{self, SynthConfig};
use tandem_engine::taxonomy::{Sector, Stage};
use tandem_engine::{Filters, Kind, MatchRequest, Store, Weights, jsonl};

use crate::http::{self, ReadAccess, WriteAccess};
use crate::progress::Bar;
use crate::ranking::{ModelArgs, Ranking};
use crate::{demo, render};

/// Tandem links start-ups and SMEs with investors and partners: ranked, explained matches.
///
/// Every command works on a data directory (`--data DIR`). Without it, Tandem uses the
/// embedded demo data set (2,500 synthetic profiles), read-only.
///
/// Examples:
///   tandem match --for inv-0001 --explain      deal flow for an investor
///   tandem match --for st-0042                investors for a start-up
///   tandem match --for st-0042 --kind partner --reciprocal
///   tandem search "solar irrigation kenya" --kind startup
///   tandem digest --since 2026-11-01 --out digest.jsonl   what changed, for every investor
///   tandem import --data ./mydata profiles.jsonl
///   tandem --data ./mydata access issue --for st-0042 --expires 30d
///   tandem eval --bench ../shared/bench/crunchbase-dev --split 2011-01-01
#[derive(Debug, Parser)]
#[command(name = "tandem", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    /// Data directory (created by `import`). Default: the embedded demo data set.
    #[arg(long, global = true, env = "TANDEM_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned tables for people.
    #[default]
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import profiles from a JSON Lines file (all or nothing; same id = replace).
    ///
    /// Each line is one profile object; see the README for the fields. Every line is checked
    /// before anything is written: one bad line and nothing is imported, with the line number,
    /// the field and what was expected. The data directory is created if it does not exist.
    Import {
        /// JSON Lines file to read, or `-` for standard input.
        file: PathBuf,
    },
    /// Rank profiles for one profile, with reasons.
    ///
    /// By default an investor or partner gets start-ups (deal flow) and a start-up gets
    /// investors; `--kind` chooses other counterparts (e.g. `--kind partner` for a start-up).
    /// With a learned model (--model FILE, or model.json in the data directory), an investor's
    /// or partner's start-ups are ranked by the model when it has deals in the store; the
    /// output says which ranking ordered the list, and why not the model.
    Match(MatchArgs),
    /// Free-text search over names and descriptions (tantivy query syntax: "quoted phrases", AND, OR).
    Search {
        /// What to look for.
        text: String,
        /// Only profiles of these kinds (comma-separated).
        #[arg(long, value_delimiter = ',')]
        kind: Vec<Kind>,
        /// How many hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one stored profile.
    Show {
        /// Profile id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Delete one profile by id (its access tokens are revoked with it).
    Delete {
        /// Profile id.
        id: String,
    },
    /// Counts of stored profiles by kind, sector and region.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Give, list and undo a profile's feedback about candidates (like, pass, meeting, deal).
    ///
    /// Feedback changes that profile's own matches (`match --for ID` applies it; add
    /// --no-feedback for the public ranking). Examples:
    ///   tandem --data DIR feedback give --as inv-0001 --to st-0042 --signal like
    ///   tandem --data DIR feedback list --as inv-0001
    ///   tandem --data DIR feedback undo --as inv-0001 --to st-0042
    #[command(verbatim_doc_comment)]
    Feedback(crate::feedback_cmd::FeedbackArgs),
    /// Events where stored profiles meet in short slots: create, import, list, show.
    ///
    /// An event has time slots, tables and participants (stored profiles in role groups,
    /// with their availability, requests and blocks); the README's "Events" gives the JSON
    /// format. Examples:
    ///   tandem --data DIR event create --id pitch-2027 --name "Pitch day" \
    ///       --start 2027-03-10T09:00:00Z --slots 16 --minutes 20 --tables 10
    ///   tandem --data DIR event import data/events/pitch-day.json
    ///   tandem --data DIR event show pitch-2027
    #[command(verbatim_doc_comment)]
    Event(crate::event_cmd::EventArgs),
    /// Schedule an event's meetings: who meets whom, in which slot, at which table.
    ///
    /// Pairs are worth their reciprocal match score, plus a bonus when one side (0.5) or
    /// both (1.0) asked for the meeting. Nobody is double-booked, every availability,
    /// most-meetings and table count holds, and each group's minimum is met wherever it can
    /// be; who misses it is listed with the reason. Printed beside the greedy reference
    /// (highest score first, earliest free slot) and an upper bound. Example:
    ///   tandem --data DIR schedule nairobi-pitch-day
    #[command(verbatim_doc_comment)]
    Schedule(crate::schedule_cmd::ScheduleArgs),
    /// Per-profile access tokens: issue, list, revoke (needs --data DIR)
    ///
    /// A token lets its holder act as one profile through the HTTP API — read its matches,
    /// edit it (PUT /v1/profiles/ID) — and nothing else: never another profile, never an
    /// operator action (imports, deletions, tokens). The holder sends it as
    /// `Authorization: Bearer TOKEN`. Tokens are shown once, stored only as hashes, and can
    /// expire (--expires) and be revoked; `tandem serve` accepts them on the same data
    /// directory. The HTTP equivalents, under the API key, are /v1/access-tokens.
    ///
    /// Examples:
    ///   tandem --data ./mydata access issue --for st-0042 --expires 30d
    ///   tandem --data ./mydata access list --for st-0042
    ///   tandem --data ./mydata access revoke --token 3f9a0c41d2b87e65
    ///   tandem --data ./mydata access revoke --for st-0042
    #[command(verbatim_doc_comment)]
    Access(crate::access_cmd::AccessArgs),
    /// Every profile of a kind gets its best candidates added or changed since a date.
    ///
    /// For each stored investor (or --kind) in id order, the top --limit of its natural
    /// counterparts among the profiles imported or changed since --since, ranked as `match`
    /// ranks (with the learned model where it applies), streamed as they are done. With
    /// --out, an interrupted digest resumes: run the same command again and it keeps the
    /// profiles the file already has and adds the rest. A data directory made before Tandem
    /// recorded update times must be imported anew first.
    Digest(crate::digest_cmd::DigestArgs),
    /// Serve the web app (at /) and the HTTP API (JSON under /v1) until Ctrl-C or SIGTERM.
    ///
    /// The web app's pages, for people in a browser: / (search, counts, examples),
    /// /p/{id} (a profile's explained matches) and /try (matches for a profile described in a
    /// form, not stored). They are not part of the OpenAPI document.
    ///
    /// Endpoints: GET /healthz, GET /metrics, GET /openapi.json (the OpenAPI document, which
    /// lists every route), GET and POST /v1/profiles, GET, PUT and DELETE /v1/profiles/{id},
    /// GET /v1/profiles/{id}/matches, GET /v1/profiles/{id}/digest?since=, POST /v1/match
    /// (a profile in the body, not stored), GET /v1/search?q=, GET and POST
    /// /v1/profiles/{id}/feedback and DELETE /v1/profiles/{id}/feedback/{to} (as the profile:
    /// its access token or the API key), and under the API key POST, GET /v1/access-tokens
    /// and DELETE /v1/access-tokens/{token_id} (per-profile access tokens; see `tandem
    /// access`).
    ///
    /// Engine work runs --engine-slots requests at a time; up to --max-queue more wait for a
    /// slot, and further requests get 503 with Retry-After at once. A learned model (--model
    /// FILE, or model.json in the data directory) is loaded once at start; a bad one stops
    /// the start.
    Serve(ServeArgs),
    /// Measure match quality on real deals: Tandem beside baselines, on a time split
    ///
    /// Tandem learns a model from the deals before --split (as `tandem train` does; a few
    /// minutes) and ranks with it; --model FILE ranks with a saved one instead. The
    /// `tandem_thesis` row is the hand-weighted thesis ranking `match` uses without a model.
    /// Rankers learn from the deals before --split; for every investor with at least 5
    /// companies before it and a deal in the following year, they rank the companies raising
    /// money that year (each with its ask: the type and amount of its first round then) and
    /// are scored against the deals the investor really made. Metrics are macro-averaged over
    /// investors, for all companies and separately for first raises (cold) and the others
    /// (warm). Baselines in the same run: random, popularity, affinity, affinity_stage and
    /// co_investment (collaborative filtering on who invested with whom).
    ///
    /// Example:
    ///   tandem eval --bench ../shared/bench/crunchbase-dev --split 2011-01-01
    #[command(verbatim_doc_comment)]
    Eval(crate::evaluate::EvalArgs),
    /// Learn a ranking model from a benchmark's deals before a split date
    ///
    /// Training reads only deals before --split. Two inner splits, one and two years before
    /// it, give the lessons: for each investor with 5 companies before an inner split, the
    /// companies it backed in the following year, against the others raising then. A model
    /// over the learned ranker's features (history shares, peers, money, network, the thesis
    /// score's fits) is fitted to them: gradient-boosted trees by default (--learner). The
    /// model file (JSON, versioned) holds the feature names and a training report. `eval`
    /// does the same inside the command when it is given no --model.
    ///
    /// Example:
    ///   tandem train --bench ../shared/bench/crunchbase-dev --split 2011-01-01 -o model.json
    ///   tandem eval --bench ../shared/bench/crunchbase-dev --split 2011-01-01 --model model.json
    #[command(verbatim_doc_comment)]
    Train(crate::evaluate::TrainArgs),
    /// Learn the thesis ranking's weights from a benchmark's training window only
    ///
    /// Tuning reads only deals before --split: it learns from those more than a year before
    /// it and, on the year just before it, brings Tandem as close as it can to the best
    /// built-in baseline on NDCG@10 and Recall@100 for cold and for warm companies at once
    /// (the worst of the four ratios; see --objective), by coordinate ascent over the text,
    /// sector, geography, stage, ticket and network weights. It then writes the weights and
    /// shows the figures on that inner year beside the held-out ones (the year from --split,
    /// never read while tuning), so overfitting is visible.
    ///
    /// Example:
    ///   tandem tune --bench ../shared/bench/crunchbase-dev --split 2011-01-01 -o weights.toml
    ///   tandem eval --bench ../shared/bench/crunchbase-dev --split 2011-01-01 --weights weights.toml
    #[command(verbatim_doc_comment)]
    Tune(crate::evaluate::TuneArgs),
    /// Write a seeded synthetic data set as JSON Lines (realistic, reproducible).
    Generate {
        /// Number of start-ups and SMEs.
        #[arg(long, default_value_t = 2000)]
        startups: usize,
        /// Number of investors.
        #[arg(long, default_value_t = 300)]
        investors: usize,
        /// Number of partners.
        #[arg(long, default_value_t = 200)]
        partners: usize,
        /// Random seed: the same seed gives the same profiles.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write here instead of standard output (atomically).
        #[arg(long, short, value_name = "FILE", conflicts_with = "benchmark")]
        out: Option<PathBuf>,
        /// Instead of profiles, write a synthetic deal benchmark into DIR (companies.csv,
        /// investors.csv, deals.csv; --startups companies and --investors investors, with
        /// planted preferences), for `tandem eval` without real deal data.
        #[arg(long, value_name = "DIR")]
        benchmark: Option<PathBuf>,
    },
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    /// With --data, a missing data directory is created empty.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Weights file (.toml or .json) overriding the defaults.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// File holding the API key (at least 16 characters) that writes (POST/PUT/DELETE
    /// /v1/profiles) must send; without it, TANDEM_API_KEY is used.
    #[arg(long, value_name = "FILE")]
    pub api_key_file: Option<PathBuf>,
    /// Reads (every other /v1 request, and /metrics) need the API key too. /healthz and
    /// /openapi.json stay open.
    #[arg(long, env = "TANDEM_KEYED_READS")]
    pub keyed_reads: bool,
    /// Engine requests run at once [default: 2 per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub engine_slots: Option<u32>,
    /// Requests that may wait for an engine slot; further ones get 503 with Retry-After at
    /// once [default: 64 per core].
    #[arg(long, value_name = "N")]
    pub max_queue: Option<usize>,
    /// The learned model, loaded once at start.
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Id of the profile to find matches for.
    #[arg(long = "for", value_name = "ID")]
    pub for_id: String,
    /// Kinds of candidates (comma-separated): startup, investor, partner.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<Kind>,
    /// How many matches to return (1–1000).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Show every score component with its value, weight and reason.
    #[arg(long)]
    pub explain: bool,
    /// Rank pairs that fit both ways (harmonic mean of both directions).
    #[arg(long)]
    pub reciprocal: bool,
    /// Weights file (.toml or .json) overriding the defaults.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Only candidates in these countries (ISO codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_country)]
    pub country: Vec<Country>,
    /// Only candidates in these regions, e.g. eastern-africa, latin-america (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub region: Vec<Area>,
    /// Only candidates in this city or metro area, e.g. Nairobi or "SF Bay" (repeat for
    /// more; with --country, a country containing the city says where it is).
    #[arg(long, value_name = "NAME", value_parser = parse_city)]
    pub city: Vec<City>,
    /// Only candidates at these stages (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub stage: Vec<Stage>,
    /// Only candidates in these sectors (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub sector: Vec<Sector>,
    /// Only candidates whose ask or ticket reaches at least this many USD.
    #[arg(long, value_name = "USD")]
    pub min_usd: Option<f64>,
    /// Only candidates whose ask or ticket starts at or below this many USD.
    #[arg(long, value_name = "USD")]
    pub max_usd: Option<f64>,
    /// Never return these ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Rank without the profile's own feedback (the public ranking).
    #[arg(long)]
    pub no_feedback: bool,
    /// Show again the candidates the profile passed on.
    #[arg(long, conflicts_with = "no_feedback")]
    pub include_passed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The learned model.
    #[command(flatten)]
    pub model: ModelArgs,
}

fn parse_country(s: &str) -> Result<Country, String> {
    Country::parse(s)
}

fn parse_city(s: &str) -> Result<City, String> {
    City::new(s)
}

impl MatchArgs {
    fn request(&self) -> MatchRequest {
        let places = self
            .country
            .iter()
            .map(|c| Place::Country(*c))
            .chain(self.region.iter().map(|a| Place::Area(*a)))
            .collect();
        MatchRequest {
            targets: self.kind.clone(),
            limit: self.limit,
            reciprocal: self.reciprocal,
            filters: Filters {
                exclude_ids: self.exclude.clone(),
                places,
                cities: self.city.clone(),
                stages: self.stage.clone(),
                sectors: self.sector.clone(),
                min_usd: self.min_usd,
                max_usd: self.max_usd,
                only_ids: None,
                updated_since: None,
            },
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Import { file } => import(&cli, file),
        Command::Match(args) => matches(&cli, args),
        Command::Digest(args) => crate::digest_cmd::run(cli.data.as_deref(), args),
        Command::Search {
            text,
            kind,
            limit,
            format,
        } => {
            let store = open(&cli)?;
            let hits = store.snapshot().search(text, kind, *limit)?;
            render::search(&hits, *format)
        }
        Command::Show { id, format } => {
            let profile = open(&cli)?.snapshot().require(id)?;
            render::profile(&profile, *format)
        }
        Command::Delete { id } => {
            let store = open_for_writing(&cli)?;
            if !store.delete(id)? {
                bail!("no profile with id `{id}` in {}", store.dir().display());
            }
            let revoked = crate::access_cmd::revoke_deleted(store.dir(), id)?;
            match revoked {
                0 => eprintln!("deleted {id}"),
                n => eprintln!("deleted {id} and revoked its {n} access token(s)"),
            }
            Ok(())
        }
        Command::Stats { format } => render::stats(&open(&cli)?, *format),
        Command::Access(args) => crate::access_cmd::run(cli.data.as_deref(), args),
        Command::Serve(args) => serve(&cli, args),
        Command::Feedback(args) => crate::feedback_cmd::run(&open_for_writing(&cli)?, args),
        Command::Event(args) => crate::event_cmd::run(&open_for_writing(&cli)?, args),
        Command::Schedule(args) => crate::schedule_cmd::run(&open_for_writing(&cli)?, args),
        Command::Eval(args) => crate::evaluate::run(args, cli.data.as_deref()),
        Command::Tune(args) => crate::evaluate::tune(args),
        Command::Train(args) => crate::evaluate::train(args),
        Command::Generate {
            startups,
            investors,
            partners: _,
            seed,
            out: _,
            benchmark: Some(dir),
        } => {
            let config = tandem_engine::eval::SyntheticConfig {
                companies: *startups,
                investors: *investors,
                seed: *seed,
            };
            let bench = tandem_engine::eval::synthetic::generate(&config);
            bench
                .write(dir)
                .and_then(|()| tandem_engine::eval::synthetic::write_theses(&config, dir))
                .with_context(|| format!("cannot write the benchmark into {}", dir.display()))?;
            eprintln!(
                "wrote a synthetic benchmark to {}: {} companies, {} investors, {} deals; try\n  tandem eval --bench {} --split 2011-01-01",
                dir.display(),
                bench.companies.len(),
                bench.investors.len(),
                bench.deals.len(),
                dir.display()
            );
            Ok(())
        }
        Command::Generate {
            startups,
            investors,
            partners,
            seed,
            out,
            benchmark: None,
        } => generate(
            &SynthConfig {
                startups: *startups,
                investors: *investors,
                partners: *partners,
                seed: *seed,
            },
            out.as_deref(),
        ),
    }
}

/// Opens `--data`, or the embedded demo store.
fn open(cli: &Cli) -> Result<Store> {
    open_data(cli.data.as_deref())
}

/// Opens a data directory, or the embedded demo store (`None`).
pub(crate) fn open_data(data: Option<&std::path::Path>) -> Result<Store> {
    match data {
        Some(dir) => Ok(Store::open(dir)?),
        None => demo::open(&Bar::default()),
    }
}

/// The `--data` folder of a command that writes; the demo store is read-only.
fn writable_dir(cli: &Cli) -> Result<&PathBuf> {
    cli.data.as_ref().context(
        "the embedded demo data set is read-only; pass --data DIR to work on your own data directory \
         (start one with `tandem import --data DIR FILE.jsonl`)",
    )
}

/// Opens `--data`, creating an empty data directory if needed, or the demo store.
fn open_or_create(cli: &Cli) -> Result<Store> {
    match &cli.data {
        Some(dir) => Ok(Store::open_or_create(dir)?),
        None => demo::open(&Bar::default()),
    }
}

/// Opens `--data` for a write, refusing the read-only demo store.
fn open_for_writing(cli: &Cli) -> Result<Store> {
    Ok(Store::open(writable_dir(cli)?)?)
}

fn import(cli: &Cli, file: &std::path::Path) -> Result<()> {
    let dir = writable_dir(cli)?;
    // Bytes, not a String: a line that is not UTF-8 is then reported with its number.
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    }
    let profiles = jsonl::parse_bytes(&bytes)
        .with_context(|| format!("{} was not imported", file.display()))?;
    let store = Store::open_or_create(dir)?;
    let summary = store.import(&profiles, &Bar::default())?;
    eprintln!(
        "imported {} profiles into {} ({} new, {} replaced)",
        profiles.len(),
        dir.display(),
        summary.added,
        summary.replaced
    );
    Ok(())
}

/// Serves the API: access rules and limits are settled (and refused) before the data is
/// opened, so a bad option fails fast.
fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    // On the demo data the key only serves keyed reads; otherwise it is not even read.
    let key = if cli.data.is_some() || args.keyed_reads {
        api_key(args.api_key_file.as_deref())?
    } else {
        None
    };
    let reads = match (&key, args.keyed_reads) {
        (_, false) => ReadAccess::Open,
        (Some(key), true) => ReadAccess::Key(key.clone()),
        (None, true) => bail!(
            "--keyed-reads needs an API key: give one with --api-key-file FILE or TANDEM_API_KEY"
        ),
    };
    let writes = write_access(cli, key);
    let engine_slots = args
        .engine_slots
        .map_or_else(http::default_engine_slots, |n| n as usize);
    let max_queue = args.max_queue.unwrap_or_else(http::default_max_queue);
    let weights = load_weights(args.weights.as_deref())?;
    let ranking = Ranking::load(&args.model, cli.data.as_deref())?;
    if let Some(path) = ranking.model_path() {
        eprintln!(
            "ranking with the learned model {} where it applies (an investor's or partner's start-ups)",
            path.display()
        );
    }
    let store = open_or_create(cli)?;
    // The demo data is read-only and has no tokens.
    let access = match &cli.data {
        Some(dir) => Some(Access::open_or_create(dir)?),
        None => None,
    };
    let options = http::Options {
        addr: args.addr,
        writes,
        reads,
        access,
        engine_slots,
        max_queue,
    };
    http::serve(store, weights, ranking, options)
}

/// The API key from `key_file`, else from `TANDEM_API_KEY`, if any; at least 16 characters.
fn api_key(key_file: Option<&std::path::Path>) -> Result<Option<String>> {
    let key = match key_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the API key file {}", path.display()))?,
        ),
        None => std::env::var("TANDEM_API_KEY").ok(),
    };
    match key.map(|k| k.trim().to_string()) {
        Some(key) if key.len() >= 16 => Ok(Some(key)),
        Some(_) => bail!("the API key must be at least 16 characters long"),
        None => Ok(None),
    }
}

/// Who may write through the API: holders of the key; nobody on the demo data or without a
/// key.
fn write_access(cli: &Cli, key: Option<String>) -> WriteAccess {
    if cli.data.is_none() {
        return WriteAccess::Refused(
            "the embedded demo data set is read-only; serve your own data with --data DIR",
        );
    }
    match key {
        Some(key) => WriteAccess::Key(key),
        None => WriteAccess::Refused(
            "writes are disabled: start the server with --api-key-file FILE or TANDEM_API_KEY",
        ),
    }
}

/// The weights in `path`, or the defaults.
pub(crate) fn load_weights(path: Option<&std::path::Path>) -> Result<Weights> {
    Ok(match path {
        Some(path) => Weights::from_file(path)?,
        None => Weights::default(),
    })
}

fn matches(cli: &Cli, args: &MatchArgs) -> Result<()> {
    let weights = load_weights(args.weights.as_deref())?;
    let ranking = Ranking::load(&args.model, cli.data.as_deref())?;
    let store = open(cli)?;
    let snapshot = store.snapshot();
    let query = snapshot.require(&args.for_id)?;
    // The demo data set holds no feedback; a data directory's is read, not created.
    let feedback = match &cli.data {
        Some(dir) if !args.no_feedback => FeedbackLog::open_existing(dir)?,
        _ => None,
    };
    let personal = match feedback {
        Some(feedback) => feedback.personal(&query.id)?,
        None => Personal::default(),
    };
    let ranked = ranking.rank_personal(
        &snapshot,
        &weights,
        &query,
        &args.request(),
        &personal,
        args.include_passed,
    )?;
    render::matches(
        &query,
        &ranked,
        ranking.model_path(),
        args.explain,
        args.format,
    )
}

fn generate(config: &SynthConfig, out: Option<&std::path::Path>) -> Result<()> {
    let mut text = String::new();
    for profile in synth::generate(config) {
        text.push_str(&profile.to_json());
        text.push('\n');
    }
    match out {
        Some(path) => {
            tandem_engine::cache::write_atomically(path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} profiles to {}",
                config.startups + config.investors + config.partners,
                path.display()
            );
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(text.as_bytes()) {
                // A closed pipe (`| head`) is not an error worth reporting.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e.into());
                }
            }
        }
    }
    Ok(())
}
