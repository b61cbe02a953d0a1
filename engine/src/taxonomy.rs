//! The shared language of profiles: sectors, stages, instruments, support (needs and offers),
//! partner and investor types, attributes and the UN Sustainable Development Goals.
//!
//! Geography (countries and UN M49 areas) lives in [`crate::geography`]. Every list here is
//! closed: a profile that names something else is rejected with the allowed values and the
//! nearest one. Aliases ("e-health", "cleantech", "SAFE") are accepted and stored canonically.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

crate::vocabulary! {
    /// What a profile is: the three sides of the market.
    pub enum Kind ("kind") {
        /// A start-up or SME looking for money and partners.
        Startup = "startup", "Start-up / SME";
        /// A provider of capital: angel, fund, DFI, corporate VC.
        Investor = "investor", "Investor";
        /// A non-financial (or blended) partner: accelerator, corporate, agency, university.
        Partner = "partner", "Partner";
    }
    aliases { "start-up" => Startup, "sme" => Startup, "company" => Startup, "investors" => Investor,
              "startups" => Startup, "partners" => Partner, "funder" => Investor }
}

crate::vocabulary! {
    /// Business sectors.
    pub enum Sector ("sector") {
        Ai = "ai", "Artificial intelligence";
        Blockchain = "blockchain", "Blockchain";
        Iot = "iot", "Internet of things";
        Health = "health", "Health";
        Fintech = "fintech", "Fintech";
        Edtech = "edtech", "Education technology";
        Agritech = "agritech", "Agritech";
        ClimateEnergy = "climate-energy", "Climate and energy";
        Mobility = "mobility", "Mobility";
        SmartCities = "smart-cities", "Smart cities";
        Space = "space", "Space";
        Quantum = "quantum", "Quantum";
        Connectivity = "connectivity", "Connectivity";
        Cybersecurity = "cybersecurity", "Cybersecurity";
        Govtech = "govtech", "Govtech";
        Ecommerce = "ecommerce", "E-commerce";
        Logistics = "logistics", "Logistics";
        Manufacturing = "manufacturing", "Manufacturing";
        Media = "media", "Media";
        EnterpriseSoftware = "enterprise-software", "Enterprise software";
        Consumer = "consumer", "Consumer";
        Hardware = "hardware", "Hardware";
        Biotech = "biotech", "Biotech";
        Games = "games", "Games";
    }
    aliases {
        "artificial-intelligence" => Ai, "machine-learning" => Ai, "ml" => Ai, "data-science" => Ai,
        "crypto" => Blockchain, "web3" => Blockchain, "internet-of-things" => Iot,
        "healthtech" => Health, "health-tech" => Health, "e-health" => Health, "ehealth" => Health,
        "medtech" => Health, "healthcare" => Health, "digital-health" => Health,
        "finance" => Fintech, "financial-services" => Fintech, "insurtech" => Fintech,
        "payments" => Fintech, "financial-inclusion" => Fintech,
        "education" => Edtech, "e-learning" => Edtech,
        "agriculture" => Agritech, "agtech" => Agritech, "agri-food" => Agritech, "foodtech" => Agritech,
        "cleantech" => ClimateEnergy, "climate" => ClimateEnergy, "energy" => ClimateEnergy,
        "climatetech" => ClimateEnergy, "greentech" => ClimateEnergy, "renewables" => ClimateEnergy,
        "renewable-energy" => ClimateEnergy, "cleantech-energy" => ClimateEnergy,
        "transport" => Mobility, "transportation" => Mobility, "automotive" => Mobility,
        "smart-city" => SmartCities, "urban-tech" => SmartCities, "proptech" => SmartCities,
        "aerospace" => Space, "spacetech" => Space, "quantum-computing" => Quantum,
        "telecom" => Connectivity, "telecommunications" => Connectivity, "5g" => Connectivity,
        "security" => Cybersecurity, "cyber" => Cybersecurity,
        "civic-tech" => Govtech, "civictech" => Govtech, "public-sector" => Govtech,
        "e-commerce" => Ecommerce, "retail" => Ecommerce, "marketplace" => Ecommerce,
        "supply-chain" => Logistics, "shipping" => Logistics,
        "industry-4-0" => Manufacturing, "industrial" => Manufacturing,
        "advanced-manufacturing" => Manufacturing,
        "entertainment" => Media, "content" => Media, "advertising" => Media,
        "saas" => EnterpriseSoftware, "software" => EnterpriseSoftware, "b2b-software" => EnterpriseSoftware,
        "consumer-goods" => Consumer, "consumer-products" => Consumer,
        "electronics" => Hardware, "semiconductors" => Hardware, "robotics" => Hardware,
        "life-sciences" => Biotech, "pharma" => Biotech, "biotechnology" => Biotech,
        "gaming" => Games, "video-games" => Games, "esports" => Games,
    }
}

crate::vocabulary! {
    /// Funding stages, ordered from earliest to latest: `index()` distance is stage distance.
    pub enum Stage ("stage") {
        Idea = "idea", "Idea";
        PreSeed = "pre-seed", "Pre-seed";
        Seed = "seed", "Seed";
        SeriesA = "series-a", "Series A";
        SeriesB = "series-b", "Series B";
        Growth = "growth", "Growth";
    }
    aliases { "preseed" => PreSeed, "concept" => Idea, "a" => SeriesA, "b" => SeriesB,
              "series-c" => Growth, "series-c+" => Growth, "late" => Growth, "late-stage" => Growth,
              "expansion" => Growth, "angel" => PreSeed }
}

impl Stage {
    /// Number of steps between two stages (0 when equal).
    pub fn distance(self, other: Stage) -> usize {
        self.index().abs_diff(other.index())
    }
}

crate::vocabulary! {
    /// Financial instruments a start-up accepts or a funder provides.
    pub enum Instrument ("instrument") {
        Grant = "grant", "Grant";
        Equity = "equity", "Equity";
        Convertible = "convertible", "Convertible";
        Debt = "debt", "Debt";
        RevenueBased = "revenue-based", "Revenue-based financing";
    }
    aliases { "safe" => Convertible, "convertible-note" => Convertible, "note" => Convertible,
              "loan" => Debt, "venture-debt" => Debt, "rbf" => RevenueBased,
              "revenue-based-financing" => RevenueBased, "subsidy" => Grant }
}

crate::vocabulary! {
    /// Kinds of support: what a start-up needs and what an investor or partner offers.
    pub enum Support ("need/offer") {
        Funding = "funding", "Funding";
        Mentoring = "mentoring", "Mentoring";
        Pilot = "pilot", "Pilot projects";
        MarketAccess = "market-access", "Market access";
        Distribution = "distribution", "Distribution";
        TechnicalAssistance = "technical-assistance", "Technical assistance";
        Talent = "talent", "Talent";
        Networking = "networking", "Networking";
        Training = "training", "Training";
        Workspace = "workspace", "Workspace";
        Research = "research", "Research and development";
        Regulatory = "regulatory", "Regulatory support";
    }
    aliases { "investment" => Funding, "capital" => Funding, "finance" => Funding,
              "coaching" => Mentoring, "advice" => Mentoring, "advisory" => Mentoring,
              "proof-of-concept" => Pilot, "poc" => Pilot, "testbed" => Pilot, "pilots" => Pilot,
              "customers" => MarketAccess, "sales" => MarketAccess,
              "technical-support" => TechnicalAssistance, "ta" => TechnicalAssistance,
              "hiring" => Talent, "recruitment" => Talent, "network" => Networking,
              "introductions" => Networking, "capacity-building" => Training,
              "office-space" => Workspace, "co-working" => Workspace, "coworking" => Workspace,
              "r-and-d" => Research, "r-d" => Research, "policy" => Regulatory,
              "compliance" => Regulatory, "licensing" => Regulatory }
}

crate::vocabulary! {
    /// What kind of partner an organisation is.
    pub enum PartnerType ("partner type") {
        Accelerator = "accelerator", "Accelerator";
        Incubator = "incubator", "Incubator";
        Corporate = "corporate", "Corporate";
        Government = "government", "Government";
        DevelopmentAgency = "development-agency", "Development agency";
        KnowledgePartner = "knowledge-partner", "Knowledge partner";
        ImplementationPartner = "implementation-partner", "Implementation partner";
    }
    aliases { "university" => KnowledgePartner, "research-institute" => KnowledgePartner,
              "knowledge" => KnowledgePartner, "ngo" => ImplementationPartner,
              "implementation" => ImplementationPartner, "agency" => DevelopmentAgency,
              "public-agency" => Government, "ministry" => Government, "company" => Corporate }
}

crate::vocabulary! {
    /// What kind of investor an organisation or person is.
    pub enum InvestorType ("investor type") {
        Angel = "angel", "Business angel";
        AngelNetwork = "angel-network", "Angel network";
        SeedFund = "seed-fund", "Seed fund";
        VentureCapital = "vc", "Venture capital";
        ImpactFund = "impact-fund", "Impact fund";
        DevelopmentFinance = "development-finance", "Development finance institution";
        CorporateVc = "corporate-vc", "Corporate venture capital";
        FamilyOffice = "family-office", "Family office";
    }
    aliases { "venture-capital" => VentureCapital, "dfi" => DevelopmentFinance, "cvc" => CorporateVc,
              "business-angel" => Angel, "impact" => ImpactFund, "impact-investor" => ImpactFund }
}

crate::vocabulary! {
    /// Attributes of a start-up, or the lenses an investor or partner applies.
    pub enum Attribute ("attribute") {
        WomenLed = "women-led", "Women-led";
        YouthLed = "youth-led", "Youth-led";
        MinorityLed = "minority-led", "Minority-led";
        RefugeeLed = "refugee-led", "Refugee-led";
        Rural = "rural", "Rural";
        SocialEnterprise = "social-enterprise", "Social enterprise";
        ClimatePositive = "climate-positive", "Climate-positive";
        UniversitySpinout = "university-spinout", "University spin-out";
    }
    aliases { "female-led" => WomenLed, "female-founded" => WomenLed, "gender-lens" => WomenLed,
              "women-owned" => WomenLed, "youth" => YouthLed, "spinout" => UniversitySpinout,
              "spin-off" => UniversitySpinout, "social-impact" => SocialEnterprise }
}

/// One of the 17 UN Sustainable Development Goals, written as its number 1–17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sdg(u8);

/// Short names of the SDGs, index 0 = goal 1.
const SDG_NAMES: [&str; 17] = [
    "No poverty",
    "Zero hunger",
    "Good health and well-being",
    "Quality education",
    "Gender equality",
    "Clean water and sanitation",
    "Affordable and clean energy",
    "Decent work and economic growth",
    "Industry, innovation and infrastructure",
    "Reduced inequalities",
    "Sustainable cities and communities",
    "Responsible consumption and production",
    "Climate action",
    "Life below water",
    "Life on land",
    "Peace, justice and strong institutions",
    "Partnerships for the goals",
];

impl Sdg {
    /// Number of goals.
    pub const COUNT: usize = 17;

    /// The goal with this number, if it is 1–17.
    ///
    /// ```
    /// use tandem_engine::taxonomy::Sdg;
    /// assert_eq!(Sdg::new(13).unwrap().name(), "Climate action");
    /// assert!(Sdg::new(18).is_err());
    /// ```
    pub fn new(number: u8) -> Result<Self, String> {
        if (1..=17).contains(&number) {
            Ok(Sdg(number))
        } else {
            Err(format!(
                "unknown SDG {number}; expected a goal number from 1 to 17"
            ))
        }
    }

    /// Every goal, 1 to 17.
    pub fn all() -> impl Iterator<Item = Sdg> {
        (1..=17).map(Sdg)
    }

    /// The goal number, 1–17.
    pub fn number(self) -> u8 {
        self.0
    }

    /// Column in a multi-hot feature block (goal 1 is column 0).
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// The goal's short name.
    pub fn name(self) -> &'static str {
        SDG_NAMES[self.index()]
    }
}

impl fmt::Display for Sdg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SDG {}", self.0)
    }
}

impl Serialize for Sdg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Sdg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A float with no fraction (`13.0`) is a whole number in JSON and JSON Schema alike.
        let n = f64::deserialize(d)?;
        if n.fract() == 0.0 && (1.0..=17.0).contains(&n) {
            return Sdg::new(n as u8).map_err(serde::de::Error::custom);
        }
        Err(serde::de::Error::custom(format!(
            "unknown SDG {n}; expected a goal number from 1 to 17"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sector_aliases_map_to_canonical_slugs() {
        assert_eq!(Sector::parse("e-health"), Ok(Sector::Health));
        assert_eq!(Sector::parse("cleantech"), Ok(Sector::ClimateEnergy));
        assert_eq!(
            Sector::parse("Climate and energy"),
            Ok(Sector::ClimateEnergy)
        );
        assert_eq!(Sector::COUNT, 24);
        assert_eq!(
            Sector::parse("agri").unwrap_err().suggestion,
            Some("agritech")
        );
    }

    #[test]
    fn every_slug_and_alias_round_trips() {
        for s in Sector::ALL {
            assert_eq!(Sector::parse(s.slug()), Ok(*s));
            assert_eq!(Sector::parse(s.label()), Ok(*s));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.slug()), Ok(*s));
        }
        for s in Support::ALL {
            assert_eq!(Support::parse(s.slug()), Ok(*s));
        }
    }

    #[test]
    fn stages_are_ordered() {
        assert_eq!(Stage::Seed.distance(Stage::SeriesB), 2);
        assert!(Stage::Idea < Stage::Growth);
    }

    #[test]
    fn sdgs_are_numbers_one_to_seventeen() {
        let goals: Vec<Sdg> = serde_json::from_str("[1, 17]").unwrap();
        assert_eq!(goals[1].name(), "Partnerships for the goals");
        let err = serde_json::from_str::<Vec<Sdg>>("[0]").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a goal number from 1 to 17")
        );
        assert!(serde_json::from_str::<Vec<Sdg>>("[-3]").is_err());
        assert!(serde_json::from_str::<Vec<Sdg>>("[2.5]").is_err());
        assert!(serde_json::from_str::<Vec<Sdg>>("[\"2\"]").is_err());
        assert_eq!(Sdg::all().count(), Sdg::COUNT);
    }
}
