//! Tests of the generator: table consistency, determinism, ids, validity and realistic shares.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::investors::INVESTORS;
use super::markets::{MARKETS, RESOLVED};
use super::partners::PARTNERS;
use super::sectors::{SECTORS, sdg, text};
use super::stages::STAGES;
use super::{SynthConfig, generate};
use crate::geography::Area;
use crate::profile::{Profile, Usd};
use crate::taxonomy::{Attribute, InvestorType, Kind, PartnerType, Sector, Stage, Support};

const CONFIG: SynthConfig = SynthConfig {
    startups: 2_000,
    investors: 300,
    partners: 200,
    seed: 42,
};

static SAMPLE: LazyLock<Vec<Profile>> = LazyLock::new(|| generate(&CONFIG));

fn of_kind(kind: Kind) -> impl Iterator<Item = &'static Profile> {
    SAMPLE.iter().filter(move |p| p.kind == kind)
}

fn share(kind: Kind, test: impl Fn(&Profile) -> bool) -> f64 {
    let (hits, total) = of_kind(kind).fold((0, 0), |(h, t), p| (h + usize::from(test(p)), t + 1));
    hits as f64 / total as f64
}

#[test]
fn tables_are_consistent() {
    assert_eq!(SECTORS.len(), Sector::COUNT);
    for (text, sector) in SECTORS.iter().zip(Sector::ALL) {
        assert_eq!(
            text.sector, *sector,
            "SECTORS must follow Sector::ALL order"
        );
        assert!(!text.related.contains(sector), "{sector} relates to itself");
        for root in text.roots {
            for tail in text.tails {
                let stem = |w: &str| w.to_lowercase().chars().take(4).collect::<String>();
                assert_ne!(
                    stem(root),
                    stem(tail),
                    "{sector}: `{root}{tail}` repeats itself"
                );
            }
        }
        let farming = text.cases.iter().all(|c| !c.customers.is_empty());
        assert!(
            farming && text.cases.len() >= 5,
            "{sector} needs five cases"
        );
        assert!(text.sdgs.iter().all(|g| (1..=17).contains(g)));
    }
    assert_eq!(STAGES.len(), Stage::COUNT);
    assert!(
        STAGES
            .iter()
            .zip(Stage::ALL)
            .all(|(s, stage)| s.stage == *stage)
    );
    assert_eq!(INVESTORS.len(), InvestorType::COUNT);
    assert_eq!(PARTNERS.len(), PartnerType::COUNT);
    for (kind, spec) in INVESTORS {
        assert_eq!(
            spec.person,
            *kind == InvestorType::Angel,
            "{kind}: only angels are people"
        );
    }
    assert!(PARTNERS.iter().all(|(_, spec)| !spec.person));
    assert_eq!(MARKETS.iter().map(|m| m.share).sum::<u32>(), 100);
    assert_eq!(RESOLVED.len(), MARKETS.len());
}

#[test]
fn same_seed_same_output_on_any_thread_count() {
    let small = SynthConfig {
        startups: 300,
        investors: 60,
        partners: 40,
        seed: 42,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let single = pool.install(|| generate(&small));
    assert_eq!(single, generate(&small));
    assert_eq!(
        &single[..300],
        &SAMPLE[..300],
        "profile i does not depend on the counts"
    );
    let other = generate(&SynthConfig { seed: 43, ..small });
    assert_ne!(single, other);
    let same_ids = single
        .iter()
        .zip(&other)
        .filter(|(a, b)| a.name == b.name)
        .count();
    assert!(same_ids < 40, "{same_ids} names unchanged by a new seed");
}

#[test]
fn counts_order_and_ids() {
    assert_eq!(SAMPLE.len(), CONFIG.total());
    assert!(SAMPLE[..2_000].iter().all(|p| p.kind == Kind::Startup));
    assert!(
        SAMPLE[2_000..2_300]
            .iter()
            .all(|p| p.kind == Kind::Investor)
    );
    assert!(SAMPLE[2_300..].iter().all(|p| p.kind == Kind::Partner));
    assert_eq!(SAMPLE[0].id, "st-0001");
    assert_eq!(SAMPLE[1_999].id, "st-2000");
    assert_eq!(SAMPLE[2_000].id, "inv-0001");
    assert_eq!(SAMPLE[2_300].id, "pt-0001");
    let ids: HashSet<&str> = SAMPLE.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), SAMPLE.len());
    let big = SynthConfig {
        startups: 12_345,
        investors: 0,
        partners: 1,
        seed: 1,
    };
    let profiles = generate(&big);
    assert_eq!(profiles[0].id, "st-00001");
    assert_eq!(profiles[12_344].id, "st-12345");
    assert_eq!(profiles[12_345].id, "pt-0001");
    assert!(
        generate(&SynthConfig {
            startups: 0,
            investors: 0,
            partners: 0,
            seed: 1
        })
        .is_empty()
    );
}

#[test]
fn every_profile_is_valid_normal_and_round_trips() {
    for p in SAMPLE.iter() {
        let back = Profile::from_json(&p.to_json()).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        assert_eq!(&back, p);
        assert!(
            !p.description.is_empty() && !p.sectors.is_empty(),
            "{}",
            p.id
        );
        assert!(!p.countries.is_empty() || !p.regions.is_empty(), "{}", p.id);
        assert!(!p.description.contains('{'), "{}: {}", p.id, p.description);
    }
}

#[test]
fn every_sector_and_type_appears() {
    let sectors: HashSet<Sector> = of_kind(Kind::Startup)
        .flat_map(|p| p.sectors.clone())
        .collect();
    assert_eq!(sectors.len(), Sector::COUNT);
    let investor_types: HashSet<_> = of_kind(Kind::Investor)
        .filter_map(|p| p.investor_type)
        .collect();
    assert_eq!(investor_types.len(), InvestorType::COUNT);
    let partner_types: HashSet<_> = of_kind(Kind::Partner)
        .filter_map(|p| p.partner_type)
        .collect();
    assert_eq!(partner_types.len(), PartnerType::COUNT);
    let stages: HashSet<_> = of_kind(Kind::Startup).filter_map(|p| p.stage).collect();
    assert_eq!(stages.len(), Stage::COUNT);
    let sizes: HashSet<_> = of_kind(Kind::Startup)
        .filter_map(|p| p.size_class())
        .collect();
    for size in ["micro", "small", "medium"] {
        assert!(sizes.contains(size), "no {size} companies");
    }
}

#[test]
fn regional_shares_match_the_targets() {
    let within =
        |area: Area| move |p: &Profile| p.countries.iter().any(|c| c.areas().any(|a| a == area));
    let targets = [
        (vec![Area::SubSaharanAfrica], 0.25),
        (vec![Area::LatinAmerica], 0.15),
        (vec![Area::SouthernAsia, Area::SouthEasternAsia], 0.20),
        (vec![Area::Europe], 0.20),
        (vec![Area::NorthernAmerica], 0.12),
    ];
    for (areas, target) in targets {
        let got = share(Kind::Startup, |p| areas.iter().any(|a| within(*a)(p)));
        assert!(
            (got - target).abs() < 0.03,
            "{areas:?}: {got:.3} vs {target}"
        );
    }
    // Multi-country start-ups stay within one M49 region.
    for p in of_kind(Kind::Startup).filter(|p| p.countries.len() > 1) {
        let first = p.countries[0].areas().next();
        assert!(
            p.countries.iter().all(|c| c.areas().next() == first),
            "{}",
            p.id
        );
    }
    let multi = share(Kind::Startup, |p| p.countries.len() > 1);
    assert!((0.1..0.3).contains(&multi), "{multi}");
}

#[test]
fn money_size_and_age_fit_the_stage() {
    for p in of_kind(Kind::Startup) {
        let stage = p.stage.unwrap();
        let employees = p.employees.unwrap();
        let founded = p.founded.unwrap();
        assert!((2008..=2025).contains(&founded), "{}", p.id);
        if let Some(ask) = p.funding_ask_usd {
            let ask = ask.0;
            match stage {
                Stage::Idea | Stage::PreSeed => {
                    assert!((20_000..1_000_000).contains(&ask), "{}", p.id)
                }
                Stage::Seed => assert!((150_000..=2_000_000).contains(&ask), "{}", p.id),
                Stage::SeriesA => assert!((2_000_000..=15_000_000).contains(&ask), "{}", p.id),
                Stage::SeriesB => assert!(ask >= 5_000_000, "{}", p.id),
                Stage::Growth => assert!(ask >= 20_000_000, "{}", p.id),
            }
            assert!(!p.instruments.is_empty());
        } else {
            assert!(p.instruments.is_empty());
        }
        match stage {
            Stage::Idea => {
                assert!(employees <= 5);
                assert_eq!(p.annual_revenue_usd, Some(Usd(0)));
            }
            Stage::Growth => assert!(employees >= 100),
            _ => {}
        }
    }
    for p in of_kind(Kind::Investor) {
        let (min, max) = (p.ticket_min_usd.unwrap(), p.ticket_max_usd.unwrap());
        assert!(min <= max, "{}", p.id);
        if p.investor_type == Some(InvestorType::Angel) {
            assert!(max.0 <= 150_000 && p.stages.iter().all(|s| *s <= Stage::Seed));
        }
        assert!(p.offers.contains(&Support::Funding) && !p.instruments.is_empty());
    }
    for p in of_kind(Kind::Partner) {
        let funds = p.offers.contains(&Support::Funding);
        assert_eq!(funds, p.ticket_max_usd.is_some(), "{}", p.id);
        if let (Some(min), Some(max)) = (p.ticket_min_usd, p.ticket_max_usd) {
            assert!(min <= max);
        }
    }
    let asks = share(Kind::Startup, |p| p.funding_ask_usd.is_some());
    assert!((0.8..0.9).contains(&asks), "{asks}");
}

#[test]
fn tags_have_realistic_shares() {
    let tagged = share(Kind::Startup, |p| !p.sdgs.is_empty());
    assert!((0.65..0.75).contains(&tagged), "SDGs on {tagged}");
    let women = share(Kind::Startup, |p| {
        p.attributes.contains(&Attribute::WomenLed)
    });
    assert!((0.22..0.28).contains(&women), "women-led {women}");
    let rural = |p: &Profile| p.attributes.contains(&Attribute::Rural);
    let agri = of_kind(Kind::Startup).filter(|p| p.sectors.contains(&Sector::Agritech));
    let (agri_rural, agri_total) =
        agri.fold((0, 0), |(r, t), p| (r + usize::from(rural(p)), t + 1));
    assert!(agri_rural as f64 / agri_total as f64 > 2.0 * share(Kind::Startup, rural));
    for p in of_kind(Kind::Investor) {
        if matches!(
            p.investor_type,
            Some(InvestorType::ImpactFund | InvestorType::DevelopmentFinance)
        ) {
            assert!(!p.sdgs.is_empty(), "{}", p.id);
        }
    }
    // Every start-up tagged with SDGs names its main sector's first goal, e.g. health → 3.
    let health_three = of_kind(Kind::Startup)
        .filter(|p| p.sectors == [Sector::Health] && !p.sdgs.is_empty())
        .all(|p| p.sdgs.contains(&sdg(3)));
    assert!(health_three);
}

#[test]
fn descriptions_speak_about_the_sector_and_are_unique() {
    const FARMING: &[&str] = &[
        "farm",
        "crop",
        "harvest",
        "soil",
        "agro",
        "dairy",
        "grower",
        "livestock",
        "produce",
    ];
    for p in of_kind(Kind::Startup).filter(|p| p.sectors.contains(&Sector::Agritech)) {
        let text = p.description.to_lowercase();
        assert!(
            FARMING.iter().any(|w| text.contains(w)),
            "{}: {}",
            p.id,
            p.description
        );
    }
    for p in of_kind(Kind::Startup) {
        let sentences = p.description.matches(". ").count() + 1;
        assert!((1..=3).contains(&sentences), "{}: {}", p.id, p.description);
        let named = p.countries.iter().any(|c| p.description.contains(c.name()));
        assert!(named, "{}: {}", p.id, p.description);
    }
    for kind in [Kind::Startup, Kind::Investor, Kind::Partner] {
        let texts: HashSet<&str> = of_kind(kind).map(|p| p.description.as_str()).collect();
        assert_eq!(
            texts.len(),
            of_kind(kind).count(),
            "duplicate {kind} descriptions"
        );
    }
    for p in SAMPLE.iter().filter(|p| p.kind != Kind::Startup) {
        assert!(
            p.sectors
                .iter()
                .any(|s| p.description.contains(text(*s).theme)),
            "{}",
            p.id
        );
    }
    let names: HashSet<&str> = of_kind(Kind::Startup).map(|p| p.name.as_str()).collect();
    assert!(
        names.len() > 1_200,
        "only {} distinct start-up names",
        names.len()
    );
}

/// `cargo test --release -p tandem-engine synth -- --ignored --nocapture`
#[test]
#[ignore = "timing check, run in release mode"]
fn a_million_startups_in_a_few_seconds() {
    let config = SynthConfig {
        startups: 1_000_000,
        investors: 0,
        partners: 0,
        seed: 1,
    };
    let start = std::time::Instant::now();
    let profiles = generate(&config);
    let elapsed = start.elapsed();
    println!(
        "generated {} profiles in {elapsed:.2?} on {} threads",
        profiles.len(),
        rayon::current_num_threads()
    );
    assert_eq!(profiles.len(), 1_000_000);
}
