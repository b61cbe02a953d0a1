//! Sectors: the [`SECTORS`] text table (customers, problems, products, names, themes, SDGs)
//! and how sectors are picked.

use super::R;
use super::random::{chance, one, weighted};
use crate::taxonomy::{Sdg, Sector};

/// Everything the generator says about one sector.
pub(super) struct SectorText {
    pub(super) sector: Sector,
    /// Popularity among start-ups in [emerging, advanced] markets.
    weight: [u32; 2],
    /// Sectors a company in this one plausibly also works in.
    pub(super) related: &'static [Sector],
    /// The SDGs the sector serves, most typical first.
    pub(super) sdgs: &'static [u8],
    /// Start-up name roots ("Shamba") and tails ("Sense").
    pub(super) roots: &'static [&'static str],
    pub(super) tails: &'static [&'static str],
    /// What start-ups in the sector do, one coherent story each.
    pub(super) cases: &'static [Case],
    /// How the sector shows up inside a start-up whose main sector is another one.
    pub(super) hook: &'static str,
    /// How investors and partners name the sector in a thesis.
    pub(super) theme: &'static str,
    /// One word for hub and programme names.
    pub(super) short: &'static str,
    /// Words for corporate names in the sector ("Foods", "Telecom").
    pub(super) corp: &'static [&'static str],
    /// The ministry in charge.
    pub(super) ministry: &'static str,
}

/// One thing start-ups in a sector do: for whom (plural nouns), what goes wrong for them (a verb
/// phrase), what the start-up sells (a noun phrase) and what changes (a bare verb phrase).
#[derive(Clone, Copy)]
pub(super) struct Case {
    pub(super) customers: &'static [&'static str],
    pub(super) problem: &'static str,
    pub(super) product: &'static str,
    pub(super) outcome: &'static str,
}

/// Shorthand for the case tables.
const fn case(
    customers: &'static [&'static str],
    problem: &'static str,
    product: &'static str,
    outcome: &'static str,
) -> Case {
    Case {
        customers,
        problem,
        product,
        outcome,
    }
}

/// The sector's text.
pub(super) fn text(sector: Sector) -> &'static SectorText {
    &SECTORS[sector.index()]
}

/// Sectors by popularity: the first as drawn, the others often related to it.
pub(super) fn pick_sectors(
    rng: &mut R,
    count: usize,
    emerging: bool,
    related_share: f64,
) -> Vec<Sector> {
    let column = usize::from(!emerging);
    let mut sectors = vec![weighted(rng, SECTORS, |s| s.weight[column]).sector];
    for _ in 0..count * 4 {
        if sectors.len() >= count {
            break;
        }
        let next = if chance(rng, related_share) {
            one(rng, text(sectors[0]).related)
        } else {
            weighted(rng, SECTORS, |s| s.weight[column]).sector
        };
        if !sectors.contains(&next) {
            sectors.push(next);
        }
    }
    sectors
}

/// An SDG from the tables (which hold goals 1–17 only).
pub(super) fn sdg(number: u8) -> Sdg {
    Sdg::new(number).expect("the tables hold SDGs 1-17")
}

/// In `Sector::ALL` order (checked by a test). Kept compact by hand: one case per line.
#[rustfmt::skip]
pub(super) const SECTORS: &[SectorText] = &[
    SectorText {
        sector: Sector::Ai, weight: [5, 8], sdgs: &[9, 8, 4],
        related: &[Sector::EnterpriseSoftware, Sector::Health, Sector::Fintech, Sector::Cybersecurity, Sector::Media, Sector::Logistics],
        roots: &["Akili", "Cortex", "Neura", "Synapse", "Tensor", "Lumen", "Vector", "Aiko"],
        tails: &["AI", "Mind", "Logic", "Sight", "Minds"],
        cases: &[
            case(&["retailers", "wholesalers", "consumer brands"], "cannot forecast demand reliably", "a demand-forecasting engine trained on local sales data", "stock the right products before demand peaks"),
            case(&["banks and insurers", "microfinance lenders", "accounting firms"], "still process documents by hand", "machine-learning models that read invoices, IDs and contracts", "cut processing time in half"),
            case(&["call centres", "telecom operators", "public agencies"], "struggle to serve customers in local languages", "voice assistants that speak local languages", "serve customers in their own language"),
            case(&["manufacturers", "food processors", "packaging plants"], "miss defects until customers complain", "computer-vision tools for quality inspection", "catch defects on the line"),
            case(&["customer-support teams", "online retailers", "utilities"], "spend hours answering the same questions", "an AI co-pilot that drafts answers for support agents", "answer customers in minutes instead of days"),
        ],
        hook: "machine-learning models trained on local data", theme: "applied AI", short: "AI",
        corp: &["Technologies", "Data Group"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Blockchain, weight: [2, 3], sdgs: &[9, 16, 8],
        related: &[Sector::Fintech, Sector::Logistics, Sector::Govtech, Sector::EnterpriseSoftware, Sector::Agritech],
        roots: &["Tessera", "Hashi", "Kuza", "Mosaic", "Verity", "Amana"],
        tails: &["Chain", "Ledger", "Trust", "Node", "Proof"],
        cases: &[
            case(&["coffee exporters", "cocoa cooperatives", "textile exporters"], "cannot prove where their goods come from", "a traceability ledger for export supply chains", "prove the origin of every shipment"),
            case(&["land registries", "municipalities"], "depend on paper records that are easy to forge", "a tokenised registry for land titles", "keep records no one can tamper with"),
            case(&["remittance companies", "migrant workers", "importers"], "pay high fees to move money across borders", "a stablecoin settlement network", "settle cross-border payments in minutes"),
            case(&["suppliers", "freight forwarders", "agricultural buyers"], "wait months to get paid after delivery", "smart contracts that release payment on delivery", "get paid the moment goods arrive"),
            case(&["universities", "professional bodies", "employers"], "cannot verify certificates quickly", "tamper-proof digital credentials", "verify a diploma in seconds"),
        ],
        hook: "a shared ledger for tamper-proof records", theme: "web3 infrastructure", short: "Blockchain",
        corp: &["Digital Assets", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Iot, weight: [4, 4], sdgs: &[9, 11, 12],
        related: &[Sector::Agritech, Sector::ClimateEnergy, Sector::SmartCities, Sector::Manufacturing, Sector::Hardware, Sector::Logistics],
        roots: &["Telem", "Kipimo", "Pulsar", "Nodeo", "Wavio", "Ampli"],
        tails: &["Sense", "Sensors", "Track", "Metrics", "Link"],
        cases: &[
            case(&["water utilities", "irrigation schemes"], "cannot see how much water leaks from their networks", "smart water meters that report every hour", "find and fix leaks within days"),
            case(&["cold-chain operators", "pharmacies", "vaccine distributors"], "lose stock when fridges fail at night", "temperature loggers with SMS alerts", "cut losses from spoilage"),
            case(&["factory managers", "mining companies"], "find out about machine failures only when production stops", "a predictive-maintenance kit for ageing machines", "fix problems before they become breakdowns"),
            case(&["fleet operators", "equipment-rental firms"], "lose track of assets on the move", "battery-powered GPS trackers", "monitor assets in real time"),
            case(&["building owners", "hotels", "shopping malls"], "waste energy heating and cooling empty rooms", "occupancy sensors linked to a cloud dashboard", "reduce energy waste"),
        ],
        hook: "low-power connected sensors", theme: "connected devices", short: "IoT",
        corp: &["Electronics", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Health, weight: [8, 7], sdgs: &[3, 5, 10],
        related: &[Sector::Ai, Sector::Biotech, Sector::Fintech, Sector::Iot, Sector::Logistics],
        roots: &["Afya", "Salud", "Tiba", "Clinix", "Vida", "Sehat", "Arogya", "Nuru"],
        tails: &["Health", "Care", "Med", "Pulse", "Dx"],
        cases: &[
            case(&["rural clinics", "district hospitals"], "wait weeks for lab results", "point-of-care diagnostics that work without a lab", "diagnose patients the same day"),
            case(&["pharmacies", "health centres"], "run out of essential medicines every month", "a pharmacy stock-management platform", "keep essential medicines in stock"),
            case(&["patients in remote villages", "shift workers", "young mothers"], "travel hours to see a doctor", "a telemedicine app with local-language triage", "see a doctor without travelling"),
            case(&["patients with diabetes", "people with hypertension"], "are rarely followed between clinic visits", "remote patient monitoring with connected devices", "keep their condition under control"),
            case(&["informal workers", "low-income families"], "cannot afford regular check-ups", "pay-as-you-go health cover", "get care before small problems become emergencies"),
            case(&["community health workers", "clinics"], "keep patient records on paper", "an electronic medical record built for low-bandwidth settings", "follow every patient's history"),
        ],
        hook: "health services delivered with partner clinics", theme: "digital health", short: "Health",
        corp: &["Pharma", "Healthcare Group", "Hospitals"], ministry: "Health",
    },
    SectorText {
        sector: Sector::Fintech, weight: [10, 8], sdgs: &[8, 1, 10, 5],
        related: &[Sector::Ai, Sector::Blockchain, Sector::Ecommerce, Sector::EnterpriseSoftware, Sector::Agritech, Sector::Cybersecurity],
        roots: &["Pesa", "Kopa", "Rupi", "Dinero", "Mali", "Tanda", "Kredi", "Paisa"],
        tails: &["Pay", "Cash", "Credit", "Wallet", "Fin", "Bank"],
        cases: &[
            case(&["small merchants", "informal traders", "market vendors"], "cannot accept card or mobile payments", "QR-code payments that settle the same day", "accept digital payments"),
            case(&["micro-entrepreneurs", "SMEs", "women-owned shops"], "cannot get credit without collateral", "a credit-scoring engine that uses transaction data", "borrow against their sales history"),
            case(&["migrant workers", "diaspora families"], "pay high fees to send money home", "a low-cost remittance app", "send money home for a fraction of the cost"),
            case(&["suppliers", "SMEs"], "wait 90 days to be paid by large buyers", "invoice financing", "get paid faster"),
            case(&["gig workers", "savings groups", "smallholder households"], "have no safe place to save", "a mobile savings wallet with goal-based plans", "save and plan for the future"),
            case(&["SME owners", "small retailers"], "keep no digital record of their sales", "a bookkeeping app that builds a credit history", "qualify for their first loan"),
        ],
        hook: "built-in mobile-money payments and credit", theme: "financial inclusion", short: "Fintech",
        corp: &["Bank", "Financial Group", "Insurance"], ministry: "Finance",
    },
    SectorText {
        sector: Sector::Edtech, weight: [6, 5], sdgs: &[4, 8, 5, 10],
        related: &[Sector::Ai, Sector::Media, Sector::Games, Sector::Connectivity, Sector::Consumer],
        roots: &["Elimu", "Shule", "Vidya", "Aprende", "Escola", "Gyan", "Somo", "Ilm"],
        tails: &["Learn", "Academy", "Class", "Tutor", "Skills"],
        cases: &[
            case(&["secondary-school students", "public schools"], "lack textbooks and qualified teachers", "an offline-first learning app aligned with the national curriculum", "learn at their own pace"),
            case(&["students", "parents"], "cannot afford private tutoring", "AI tutoring over WhatsApp and SMS", "improve exam results"),
            case(&["young job seekers", "school leavers"], "finish school without the skills employers want", "short vocational courses with job placement", "find work after graduation"),
            case(&["teachers", "school principals"], "lose hours to paperwork and grading", "a school-management platform", "spend more time teaching"),
            case(&["adult learners", "career changers"], "cannot pay for a degree up front", "coding bootcamps with income-share agreements", "gain digital skills and better jobs"),
        ],
        hook: "short training courses for users", theme: "education", short: "EdTech",
        corp: &["Publishing", "Education Group"], ministry: "Education",
    },
    SectorText {
        sector: Sector::Agritech, weight: [10, 3], sdgs: &[2, 1, 13, 15, 12],
        related: &[Sector::Iot, Sector::ClimateEnergy, Sector::Fintech, Sector::Logistics, Sector::Ai, Sector::Ecommerce],
        roots: &["Shamba", "Kilimo", "Mavuno", "Krishi", "Campo", "Agro", "Mkulima", "Tani"],
        tails: &["Sense", "Grow", "Yield", "Harvest", "Farm", "Roots"],
        cases: &[
            case(&["smallholder farmers", "maize and rice growers"], "guess when to plant, water and fertilise", "low-cost soil sensors with SMS advice", "raise yields"),
            case(&["fruit and vegetable farmers", "farming cooperatives"], "lose up to a third of their harvest after picking", "solar-powered cold storage for fresh produce", "cut post-harvest losses"),
            case(&["smallholder farmers", "farming cooperatives", "horticulture growers"], "sell through middlemen who take most of the margin", "a marketplace that connects farmers directly to buyers", "sell their crops at fairer prices"),
            case(&["smallholder farmers", "agro-dealers"], "cannot get credit for seeds and fertiliser", "input financing repaid at harvest", "buy seeds and fertiliser on credit"),
            case(&["dairy farmers", "livestock keepers"], "lose animals to diseases caught too late", "a livestock health and breeding app", "keep their herds healthy"),
            case(&["crop insurers", "agribusinesses", "farming cooperatives"], "cannot see crop health across thousands of plots", "satellite-based crop monitoring", "spot crop stress weeks earlier"),
        ],
        hook: "advice and market links for farmers", theme: "agri-food", short: "Agri",
        corp: &["Foods", "Agri Holdings", "Seeds"], ministry: "Agriculture and Food Security",
    },
    SectorText {
        sector: Sector::ClimateEnergy, weight: [8, 8], sdgs: &[7, 13, 11, 12],
        related: &[Sector::Iot, Sector::Fintech, Sector::Mobility, Sector::Agritech, Sector::Manufacturing, Sector::SmartCities],
        roots: &["Jua", "Lumo", "Volta", "Umeme", "Surya", "Verde", "Nishati", "Kaze"],
        tails: &["Power", "Energy", "Grid", "Solar", "Carbon"],
        cases: &[
            case(&["off-grid households", "rural shops"], "rely on kerosene lamps and diesel generators", "pay-as-you-go solar home systems", "switch to clean, affordable power"),
            case(&["small factories", "commercial buildings"], "face power cuts several times a week", "battery storage that smooths out power cuts", "keep running during outages"),
            case(&["exporters", "mid-sized companies"], "cannot measure their carbon emissions", "a carbon-accounting platform", "measure and reduce emissions"),
            case(&["rural communities", "mini-grid developers"], "are far from the national grid", "solar mini-grids with smart meters", "get reliable electricity"),
            case(&["households", "school kitchens"], "cook on charcoal and firewood", "clean cooking stoves financed through carbon credits", "cook without smoke"),
            case(&["hotels", "hospitals", "office buildings"], "pay more for energy every year", "energy-efficiency retrofits paid from savings", "cut their energy bills"),
        ],
        hook: "solar-powered equipment", theme: "clean energy", short: "Climate",
        corp: &["Power", "Energy"], ministry: "Energy and Climate Change",
    },
    SectorText {
        sector: Sector::Mobility, weight: [4, 4], sdgs: &[11, 9, 13],
        related: &[Sector::ClimateEnergy, Sector::Logistics, Sector::SmartCities, Sector::Iot, Sector::Fintech],
        roots: &["Safari", "Boda", "Ruta", "Pikipiki", "Viaje", "Gari", "Trafik"],
        tails: &["Move", "Ride", "Go", "Motion", "Wheels"],
        cases: &[
            case(&["motorcycle-taxi riders", "delivery riders"], "spend too much of their income on fuel", "electric motorbikes with battery swapping", "cut fuel costs"),
            case(&["commuters", "students"], "cannot plan trips because minibuses have no timetable", "real-time transit data for informal buses", "get to work on time"),
            case(&["drivers", "taxi owners"], "cannot afford to buy a vehicle outright", "lease-to-own vehicle financing", "own their vehicle within two years"),
            case(&["bus operators", "delivery fleets"], "face rising fuel and maintenance costs", "a fleet-electrification and charging service", "run cleaner, cheaper fleets"),
            case(&["commuters", "office workers"], "sit in traffic for hours every day", "a ride-pooling app for shared minibuses", "travel faster for less"),
        ],
        hook: "electric-vehicle and transport services", theme: "mobility", short: "Mobility",
        corp: &["Motors", "Transport Group"], ministry: "Transport",
    },
    SectorText {
        sector: Sector::SmartCities, weight: [3, 3], sdgs: &[11, 6, 9],
        related: &[Sector::Iot, Sector::Govtech, Sector::Mobility, Sector::ClimateEnergy, Sector::Ai],
        roots: &["Barrio", "Civitas", "Mtaa", "Polis", "Nagar", "Ciudad"],
        tails: &["City", "Urban", "Place", "Metro", "Blocks"],
        cases: &[
            case(&["city councils", "waste collectors"], "collect waste on fixed routes whether bins are full or not", "smart waste bins with route optimisation", "cut collection costs"),
            case(&["municipalities", "urban planners"], "plan new infrastructure without reliable data", "a digital twin of city infrastructure", "plan services with real data"),
            case(&["low-income families", "young workers"], "cannot find affordable homes near jobs", "affordable modular housing", "rent or buy decent homes"),
            case(&["local governments", "city revenue offices"], "lose revenue from unregistered properties", "a property-tax mapping platform built on drone imagery", "raise local revenue"),
            case(&["city councils", "utilities"], "pay too much to light streets all night", "adaptive smart street lighting", "make streets safer for less"),
        ],
        hook: "tools for city planners", theme: "smart cities", short: "Urban",
        corp: &["Properties", "Infrastructure"], ministry: "Urban Development",
    },
    SectorText {
        sector: Sector::Space, weight: [1, 2], sdgs: &[9, 13, 15],
        related: &[Sector::Ai, Sector::Agritech, Sector::ClimateEnergy, Sector::Connectivity, Sector::Hardware],
        roots: &["Anga", "Astra", "Nyota", "Stella", "Zenith", "Cosmo", "Aether"],
        tails: &["Orbit", "Space", "Sat", "Sky", "Star"],
        cases: &[
            case(&["insurers", "agribusinesses"], "cannot verify damage on remote land", "satellite-imagery analytics", "price risk with fresh imagery"),
            case(&["forest agencies", "carbon-credit developers"], "learn about deforestation months too late", "near-real-time forest monitoring from orbit", "act on deforestation early"),
            case(&["universities", "national space agencies"], "depend on expensive foreign satellites", "nanosatellites for Earth observation", "own their Earth-observation data"),
            case(&["satellite operators", "research institutes"], "pay for ground stations they rarely use", "a ground-station-as-a-service network", "download data on demand"),
            case(&["oil and gas operators", "landfill operators"], "cannot see methane leaks", "methane detection from orbit", "find and fix leaks"),
        ],
        hook: "satellite imagery", theme: "space tech", short: "Space",
        corp: &["Aerospace"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Quantum, weight: [1, 2], sdgs: &[9],
        related: &[Sector::Ai, Sector::Cybersecurity, Sector::Hardware, Sector::Biotech],
        roots: &["Kvant", "Bloch", "Entangle", "Hilbert", "Spinor", "Planck"],
        tails: &["Q", "Quantum", "Qubit", "Labs", "Photonics"],
        cases: &[
            case(&["banks", "asset managers"], "need encryption that will survive quantum attacks", "post-quantum encryption libraries", "protect data against future quantum attacks"),
            case(&["logistics planners", "airlines"], "hit the limits of classical computing on routing problems", "quantum-inspired optimisation software", "solve scheduling problems faster"),
            case(&["drug-discovery teams", "materials scientists"], "spend months simulating molecules", "cloud access to quantum simulators", "simulate molecules in days"),
            case(&["research labs", "chip makers"], "cannot buy quantum hardware off the shelf", "a photonic quantum processor", "run experiments on real qubits"),
            case(&["navigation firms", "shipping companies"], "lose positioning when GPS fails", "quantum sensors for navigation", "navigate without GPS"),
        ],
        hook: "quantum-inspired optimisation", theme: "quantum computing", short: "Quantum",
        corp: &["Technologies"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Connectivity, weight: [3, 2], sdgs: &[9, 4, 10],
        related: &[Sector::Iot, Sector::Fintech, Sector::Edtech, Sector::Space, Sector::Hardware],
        roots: &["Mtandao", "Hewani", "Redes", "Signal", "Antena", "Ether"],
        tails: &["Net", "Link", "Fiber", "Connect", "Wave"],
        cases: &[
            case(&["rural communities", "market towns"], "still have no affordable internet", "community Wi-Fi hotspots paid by the hour", "get online for the first time"),
            case(&["mobile operators", "tower companies"], "cannot justify building towers in sparse areas", "solar-powered rural cell towers", "extend coverage profitably"),
            case(&["internet service providers", "small businesses"], "pay too much for unreliable connections", "a last-mile fibre network", "get fast, reliable broadband"),
            case(&["schools", "health centres"], "are cut off from online services", "TV white-space broadband", "connect classrooms and clinics"),
            case(&["mobile users", "students"], "pay some of the highest data prices in the world", "a zero-rated app platform", "pay less for data"),
        ],
        hook: "low-cost mobile connectivity", theme: "telecoms", short: "Connectivity",
        corp: &["Telecom", "Mobile"], ministry: "ICT and Digital Economy",
    },
    SectorText {
        sector: Sector::Cybersecurity, weight: [2, 4], sdgs: &[9, 16],
        related: &[Sector::Ai, Sector::Fintech, Sector::EnterpriseSoftware, Sector::Govtech, Sector::Quantum],
        roots: &["Ngao", "Escudo", "Sentinel", "Vault", "Aegis", "Kavach"],
        tails: &["Secure", "Guard", "Shield", "Defense", "Sec"],
        cases: &[
            case(&["banks", "fintech companies"], "face a rising wave of ransomware and fraud", "a managed detection-and-response service", "stop attacks before damage is done"),
            case(&["SMEs", "schools", "clinics"], "cannot afford a security team", "phishing-simulation training for staff", "train staff to spot phishing"),
            case(&["public agencies", "telecom operators"], "do not know which systems are exposed", "an attack-surface scanner", "see every exposed system"),
            case(&["companies", "hospitals"], "struggle to comply with new data-protection laws", "a data-protection compliance toolkit", "comply with data-protection law"),
            case(&["mobile-money providers", "payment processors"], "lose millions to SIM-swap fraud", "real-time fraud detection for mobile transactions", "block fraud in real time"),
        ],
        hook: "bank-grade security", theme: "cybersecurity", short: "Cyber",
        corp: &["Security", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Govtech, weight: [2, 2], sdgs: &[16, 11, 17],
        related: &[Sector::Ai, Sector::Cybersecurity, Sector::SmartCities, Sector::Fintech, Sector::Blockchain],
        roots: &["Civica", "Raia", "Jamii", "Nagrik", "Publica", "Ciudadano"],
        tails: &["Gov", "Desk", "Forms", "Services", "Registry"],
        cases: &[
            case(&["municipalities", "licensing offices"], "still process permits on paper", "a digital permits and licensing platform", "issue permits in days instead of months"),
            case(&["tax authorities", "local governments"], "collect only a fraction of the taxes due", "a revenue-collection system", "collect more revenue"),
            case(&["public procurement offices", "ministries"], "cannot track public spending in real time", "e-procurement software", "make spending transparent"),
            case(&["citizens", "small businesses"], "queue for days to get basic documents", "digital identity verification", "get public services online"),
            case(&["courts", "legal-aid clinics"], "face years-long case backlogs", "case-management software", "clear cases faster"),
        ],
        hook: "integrations with public registries", theme: "govtech", short: "GovTech",
        corp: &["Systems"], ministry: "Public Service",
    },
    SectorText {
        sector: Sector::Ecommerce, weight: [6, 5], sdgs: &[8, 9, 5],
        related: &[Sector::Fintech, Sector::Logistics, Sector::Consumer, Sector::Ai, Sector::Media],
        roots: &["Soko", "Duka", "Mercado", "Tienda", "Pasar", "Kart", "Haat", "Feira"],
        tails: &["Shop", "Cart", "Market", "Store", "Bazaar"],
        cases: &[
            case(&["neighbourhood shops", "informal retailers"], "buy stock from wholesalers at high prices", "a B2B ordering app", "restock at wholesale prices"),
            case(&["artisans", "small brands"], "cannot reach customers beyond their street", "a marketplace for handmade goods", "sell across the country"),
            case(&["online shoppers", "first-time buyers"], "do not trust online sellers", "a storefront builder with cash-on-delivery", "shop online with confidence"),
            case(&["resellers", "micro-entrepreneurs"], "have no capital to buy stock", "a social-commerce platform on WhatsApp", "start selling without inventory"),
            case(&["households", "office workers"], "pay high prices for groceries", "a group-buying app", "save on groceries"),
        ],
        hook: "an online storefront and marketplace", theme: "digital commerce", short: "Commerce",
        corp: &["Retail Group", "Stores"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Logistics, weight: [5, 4], sdgs: &[9, 8, 12],
        related: &[Sector::Ecommerce, Sector::Mobility, Sector::Iot, Sector::Ai, Sector::Agritech],
        roots: &["Safirisha", "Envio", "Cargo", "Lori", "Kargo", "Transito"],
        tails: &["Logistics", "Freight", "Route", "Ship", "Haul"],
        cases: &[
            case(&["shippers", "truck owners"], "send trucks back empty after every delivery", "a digital freight marketplace", "fill empty trucks"),
            case(&["online retailers", "restaurants"], "cannot promise delivery dates", "last-mile delivery by motorbike", "deliver on time"),
            case(&["importers", "exporters"], "lose days at the border", "customs-clearance software", "clear goods in hours"),
            case(&["SMEs", "distributors"], "pay for warehouse space they do not use", "on-demand warehousing", "cut logistics costs"),
            case(&["delivery fleets", "distributors"], "waste fuel on badly planned routes", "route optimisation for delivery fleets", "deliver more with fewer vehicles"),
        ],
        hook: "last-mile delivery", theme: "supply chains", short: "Logistics",
        corp: &["Freight", "Logistics", "Shipping"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Manufacturing, weight: [3, 4], sdgs: &[9, 12, 8],
        related: &[Sector::Iot, Sector::Hardware, Sector::Ai, Sector::ClimateEnergy, Sector::Logistics],
        roots: &["Kiwanda", "Forja", "Fabrica", "Udyog", "Torque", "Alloy"],
        tails: &["Works", "Fab", "Make", "Forge", "Industries"],
        cases: &[
            case(&["small factories", "textile mills"], "run machines at half capacity", "a factory-floor monitoring system", "raise output without new machines"),
            case(&["metal workshops", "equipment owners"], "import spare parts at high cost", "local 3D printing of spare parts", "make spare parts locally"),
            case(&["builders", "housing developers"], "pay high prices for cement and bricks", "building materials made from recycled plastic", "build for less"),
            case(&["food processors", "garment makers"], "cannot meet export quality standards", "quality-control software for export orders", "meet export standards"),
            case(&["hardware start-ups", "consumer brands"], "cannot find local factories for small runs", "on-demand contract manufacturing", "produce locally in small batches"),
        ],
        hook: "local manufacturing", theme: "advanced manufacturing", short: "Industry",
        corp: &["Industries", "Manufacturing"], ministry: "Industry",
    },
    SectorText {
        sector: Sector::Media, weight: [3, 3], sdgs: &[4, 8, 16],
        related: &[Sector::Ai, Sector::Games, Sector::Ecommerce, Sector::Edtech, Sector::Consumer],
        roots: &["Sauti", "Voz", "Habari", "Kahani", "Cuento", "Reel"],
        tails: &["Media", "Stories", "Studio", "Cast", "TV"],
        cases: &[
            case(&["film-makers", "local studios"], "lose audiences to global platforms", "a streaming app for local-language films", "reach audiences at home and abroad"),
            case(&["podcasters", "local musicians"], "cannot earn a living from their content", "a podcast and music network with revenue sharing", "earn from their audiences"),
            case(&["content creators", "influencers"], "wait weeks to be paid by brands", "a creator-payments platform", "get paid on time"),
            case(&["independent newsrooms", "local journalists"], "depend on a shrinking advertising market", "a news app with micro-subscriptions", "fund quality journalism"),
            case(&["advertisers", "radio stations"], "cannot measure who hears their ads", "an audio-advertising marketplace", "reach the right listeners"),
        ],
        hook: "video and audio content", theme: "creative industries", short: "Media",
        corp: &["Media Group", "Broadcasting"], ministry: "Information and Culture",
    },
    SectorText {
        sector: Sector::EnterpriseSoftware, weight: [6, 8], sdgs: &[8, 9],
        related: &[Sector::Ai, Sector::Fintech, Sector::Cybersecurity, Sector::Logistics, Sector::Ecommerce],
        roots: &["Kazi", "Ofisi", "Trabajo", "Ledgera", "Stack", "Karya"],
        tails: &["HQ", "Flow", "Desk", "Suite", "Ops", "Books"],
        cases: &[
            case(&["SMEs", "family businesses"], "run the business on spreadsheets", "cloud accounting and invoicing", "see their numbers in real time"),
            case(&["HR teams", "staffing agencies"], "pay staff late because payroll is manual", "payroll and HR software", "run payroll in minutes"),
            case(&["distributors", "wholesalers"], "cannot see stock across branches", "an inventory and distribution platform", "see stock across every branch"),
            case(&["field-sales teams", "FMCG distributors"], "take orders on paper", "a field-sales app that works offline", "sell more per visit"),
            case(&["mid-sized companies", "manufacturers"], "outgrow their accounting tools", "an ERP built for growing companies", "run operations in one system"),
        ],
        hook: "a cloud dashboard for managers", theme: "B2B software", short: "Software",
        corp: &["Systems", "Software"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Consumer, weight: [4, 5], sdgs: &[12, 3, 8],
        related: &[Sector::Ecommerce, Sector::Health, Sector::Media, Sector::Fintech, Sector::Agritech],
        roots: &["Nyumbani", "Casa", "Ghar", "Bora", "Linda", "Nuvo", "Fresco"],
        tails: &["Home", "Goods", "Living", "Co", "Essentials"],
        cases: &[
            case(&["young urban families", "low-income households"], "pay too much for everyday essentials", "a direct-to-consumer brand of affordable essentials", "save on everyday purchases"),
            case(&["health-conscious shoppers", "students"], "find few healthy options on store shelves", "healthy snacks made from local crops", "eat better"),
            case(&["households", "eco-minded shoppers"], "throw away a mountain of plastic packaging", "refillable household products", "cut plastic waste"),
            case(&["new parents", "young families"], "cannot find affordable baby products", "a subscription box for baby products", "get what they need delivered every month"),
            case(&["homeowners", "renters"], "buy appliances that break within a year", "durable, repairable home appliances", "buy products that last"),
        ],
        hook: "consumer products sold through retail", theme: "consumer brands", short: "Consumer",
        corp: &["Brands", "Consumer Goods", "Breweries"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Hardware, weight: [2, 4], sdgs: &[9, 8],
        related: &[Sector::Iot, Sector::Manufacturing, Sector::Ai, Sector::ClimateEnergy, Sector::Space],
        roots: &["Mekano", "Volt", "Circuit", "Mashine", "Gizmo", "Chipa", "Servo"],
        tails: &["Robotics", "Devices", "Tech", "Labs", "Machines"],
        cases: &[
            case(&["warehouses", "distribution centres"], "cannot find workers for repetitive tasks", "low-cost warehouse robots", "automate repetitive tasks"),
            case(&["field agents", "survey teams"], "break consumer devices in harsh conditions", "rugged tablets built for field work", "work anywhere"),
            case(&["electronics makers", "universities"], "import every component at high cost", "a modular electronics platform for local assembly", "build devices locally"),
            case(&["utilities", "mining companies"], "send crews to inspect dangerous sites", "inspection drones", "inspect sites safely"),
            case(&["clinics", "hospitals"], "cannot afford imported medical equipment", "affordable, locally made medical devices", "equip wards for a fraction of the cost"),
        ],
        hook: "custom-designed electronics", theme: "robotics", short: "Robotics",
        corp: &["Electronics", "Engineering"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Biotech, weight: [2, 4], sdgs: &[3, 2, 9],
        related: &[Sector::Health, Sector::Agritech, Sector::Ai, Sector::Quantum],
        roots: &["Genia", "Bioma", "Enzym", "Kinga", "Vitae", "Dawa", "Myco"],
        tails: &["Bio", "Genomics", "Therapeutics", "Cell", "Gene"],
        cases: &[
            case(&["health ministries", "vaccine distributors"], "lose vaccines when the cold chain breaks", "thermostable vaccines", "deliver vaccines without a cold chain"),
            case(&["research labs", "diagnostic labs"], "rely on imported reagents", "low-cost reagents produced locally", "source reagents locally"),
            case(&["hospitals", "clinics"], "cannot diagnose infections quickly", "rapid molecular tests for infectious disease", "diagnose infections in hours"),
            case(&["crop farmers", "seed companies"], "depend on costly chemical fertiliser", "bio-fertilisers from local microbes", "grow more with less fertiliser"),
            case(&["hospitals", "research institutes"], "send samples abroad for sequencing", "genomic sequencing as a service", "get genomic results locally"),
        ],
        hook: "lab-validated biology", theme: "life sciences", short: "Biotech",
        corp: &["Life Sciences", "Pharma"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Games, weight: [2, 3], sdgs: &[4, 8],
        related: &[Sector::Media, Sector::Edtech, Sector::Blockchain, Sector::Consumer, Sector::Ai],
        roots: &["Cheza", "Juego", "Khel", "Pixel", "Mchezo", "Jogo"],
        tails: &["Games", "Play", "Studio", "Arcade", "Quest"],
        cases: &[
            case(&["mobile gamers", "casual players"], "find few games that reflect their culture", "casual mobile games rooted in local stories", "play games that feel local"),
            case(&["esports fans", "amateur teams"], "have no local tournaments to join", "an esports tournament platform", "compete and get noticed"),
            case(&["teachers", "primary schools"], "struggle to keep pupils engaged", "educational games for classrooms", "teach through play"),
            case(&["gamers on budget phones", "teenagers"], "cannot run big titles on low-end phones", "lightweight games built for any phone", "play on any phone"),
            case(&["indie developers", "small studios"], "cannot reach players or get paid", "a game-publishing platform for local developers", "publish and monetise their games"),
        ],
        hook: "game mechanics that keep users engaged", theme: "gaming", short: "Games",
        corp: &["Entertainment"], ministry: "Youth and Culture",
    },
];
