//! Geography: the [`MARKETS`] table (countries, cities and naming words), where a profile is
//! based, which neighbours and areas it covers, and how places read in a sentence.

use std::sync::LazyLock;

use rand::Rng;

use super::R;
use super::organisation::Scope;
use super::random::{chance, one, pick_distinct, weighted, weighted_index};
use super::words::join_and;
use crate::geography::{Area, Country};

/// A country entry of a market: ISO alpha-2 code, weight within the market, main cities.
type CountryEntry = (&'static str, u32, &'static [&'static str]);

/// A group of countries with the words their companies are named with.
pub(super) struct Market {
    /// Share of start-ups based here (percent).
    pub(super) share: u32,
    /// An emerging market (where impact funds, DFIs and development agencies work).
    pub(super) emerging: bool,
    countries: &'static [CountryEntry],
    /// Landmarks and names used in company and fund names ("Savannah", "Andes").
    pub(super) places: &'static [&'static str],
    pub(super) first_names: &'static [&'static str],
    pub(super) last_names: &'static [&'static str],
}

/// Start-up shares sum to 100 (checked by a test). Kept compact by hand: one country a line.
#[rustfmt::skip]
pub(super) const MARKETS: &[Market] = &[
    Market {
        share: 25, emerging: true,
        countries: &[
            ("NG", 16, &["Lagos", "Abuja", "Ibadan"]),
            ("KE", 14, &["Nairobi", "Mombasa", "Kisumu"]),
            ("ZA", 12, &["Cape Town", "Johannesburg", "Durban"]),
            ("GH", 8, &["Accra", "Kumasi"]),
            ("UG", 6, &["Kampala", "Gulu"]),
            ("TZ", 6, &["Dar es Salaam", "Arusha"]),
            ("RW", 5, &["Kigali"]),
            ("ET", 5, &["Addis Ababa"]),
            ("SN", 4, &["Dakar"]),
            ("CI", 4, &["Abidjan"]),
            ("CM", 3, &["Douala", "Yaoundé"]),
            ("ZM", 2, &["Lusaka"]),
            ("ZW", 2, &["Harare"]),
            ("BW", 2, &["Gaborone"]),
            ("CD", 2, &["Kinshasa", "Goma"]),
            ("MW", 1, &["Lilongwe", "Blantyre"]),
            ("MZ", 1, &["Maputo"]),
            ("NA", 1, &["Windhoek"]),
            ("BJ", 1, &["Cotonou"]),
            ("TG", 1, &["Lomé"]),
            ("BF", 1, &["Ouagadougou"]),
            ("AO", 1, &["Luanda"]),
        ],
        places: &["Savannah", "Baobab", "Kilimanjaro", "Sahel", "Zambezi", "Acacia", "Rift Valley", "Okavango", "Serengeti", "Ubuntu"],
        first_names: &["Amara", "Wanjiru", "Chidi", "Kwame", "Thandiwe", "Abebe", "Fatou", "Tendai", "Nnamdi", "Akosua", "Baraka", "Zawadi"],
        last_names: &["Okafor", "Kamau", "Mensah", "Nkosi", "Diallo", "Mwangi", "Adeyemi", "Tesfaye", "Otieno", "Moyo", "Uwase", "Banda"],
    },
    Market {
        share: 15, emerging: true,
        countries: &[
            ("BR", 20, &["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife"]),
            ("MX", 16, &["Mexico City", "Guadalajara", "Monterrey"]),
            ("CO", 12, &["Bogotá", "Medellín"]),
            ("AR", 10, &["Buenos Aires", "Córdoba"]),
            ("CL", 9, &["Santiago", "Valparaíso"]),
            ("PE", 8, &["Lima", "Arequipa"]),
            ("EC", 3, &["Quito", "Guayaquil"]),
            ("UY", 3, &["Montevideo"]),
            ("CR", 3, &["San José"]),
            ("GT", 2, &["Guatemala City"]),
            ("PA", 2, &["Panama City"]),
            ("DO", 2, &["Santo Domingo"]),
            ("JM", 2, &["Kingston"]),
            ("BO", 2, &["La Paz", "Santa Cruz"]),
            ("PY", 1, &["Asunción"]),
            ("HN", 1, &["Tegucigalpa"]),
            ("SV", 1, &["San Salvador"]),
            ("TT", 1, &["Port of Spain"]),
        ],
        places: &["Andes", "Pampa", "Amazonia", "Caribe", "Condor", "Ceiba", "Sierra", "Cumbre", "Selva", "Quetzal"],
        first_names: &["Lucía", "Mateo", "Camila", "Joaquín", "Valentina", "Diego", "Isabela", "Rafael", "Mariana", "Tomás"],
        last_names: &["Fernández", "Oliveira", "Gómez", "Silva", "Rojas", "Martínez", "Castillo", "Pereira", "Vargas", "Morales"],
    },
    Market {
        share: 8, emerging: true,
        countries: &[
            ("IN", 60, &["Bengaluru", "Mumbai", "Delhi", "Hyderabad", "Pune", "Chennai"]),
            ("PK", 14, &["Karachi", "Lahore", "Islamabad"]),
            ("BD", 14, &["Dhaka", "Chattogram"]),
            ("LK", 6, &["Colombo"]),
            ("NP", 6, &["Kathmandu"]),
        ],
        places: &["Ganges", "Deccan", "Indus", "Himalaya", "Lotus", "Monsoon", "Bodhi", "Kaveri"],
        first_names: &["Priya", "Arjun", "Ananya", "Rohan", "Ayesha", "Farhan", "Kavya", "Nikhil", "Sadia", "Ishaan"],
        last_names: &["Sharma", "Iyer", "Khan", "Rahman", "Patel", "Reddy", "Perera", "Shrestha", "Mehta", "Chowdhury"],
    },
    Market {
        share: 12, emerging: true,
        countries: &[
            ("ID", 24, &["Jakarta", "Bandung", "Surabaya"]),
            ("VN", 16, &["Ho Chi Minh City", "Hanoi", "Da Nang"]),
            ("SG", 16, &["Singapore"]),
            ("PH", 14, &["Manila", "Cebu"]),
            ("TH", 12, &["Bangkok", "Chiang Mai"]),
            ("MY", 10, &["Kuala Lumpur", "Penang"]),
            ("KH", 4, &["Phnom Penh"]),
            ("MM", 2, &["Yangon"]),
            ("LA", 2, &["Vientiane"]),
        ],
        places: &["Mekong", "Java", "Borneo", "Sunda", "Komodo", "Andaman", "Bamboo", "Lotus"],
        first_names: &["Siti", "Minh", "Ayu", "Rizal", "Linh", "Arif", "Mei", "Somchai", "Maria", "Budi"],
        last_names: &["Santoso", "Nguyen", "Tan", "Wijaya", "Reyes", "Lim", "Pham", "Halim", "Chaiyaporn", "Cruz"],
    },
    Market {
        share: 20, emerging: false,
        countries: &[
            ("GB", 16, &["London", "Manchester", "Edinburgh"]),
            ("DE", 14, &["Berlin", "Munich", "Hamburg"]),
            ("FR", 13, &["Paris", "Lyon", "Toulouse"]),
            ("ES", 8, &["Madrid", "Barcelona", "Valencia"]),
            ("NL", 7, &["Amsterdam", "Rotterdam", "Eindhoven"]),
            ("IT", 6, &["Milan", "Turin", "Rome"]),
            ("SE", 5, &["Stockholm", "Gothenburg"]),
            ("PL", 5, &["Warsaw", "Kraków"]),
            ("DK", 4, &["Copenhagen", "Aarhus"]),
            ("PT", 4, &["Lisbon", "Porto"]),
            ("CH", 4, &["Zurich", "Geneva", "Lausanne"]),
            ("FI", 3, &["Helsinki"]),
            ("NO", 3, &["Oslo"]),
            ("IE", 3, &["Dublin", "Cork"]),
            ("EE", 3, &["Tallinn"]),
            ("AT", 3, &["Vienna"]),
            ("BE", 3, &["Brussels", "Ghent"]),
            ("CZ", 2, &["Prague", "Brno"]),
            ("RO", 2, &["Bucharest", "Cluj-Napoca"]),
            ("GR", 2, &["Athens"]),
            ("LT", 2, &["Vilnius"]),
            ("UA", 2, &["Kyiv", "Lviv"]),
        ],
        places: &["Nordic", "Alpine", "Baltic", "Danube", "Rhine", "Atlantic", "Iberia", "Carpathian", "Aurora", "Meridian"],
        first_names: &["Sophie", "Lukas", "Elena", "Matteo", "Ingrid", "Pierre", "Anna", "Jakub", "Clara", "Søren"],
        last_names: &["Müller", "Dubois", "Rossi", "Jansen", "Nielsen", "Kowalski", "García", "Lindqvist", "O'Brien", "Novak"],
    },
    Market {
        share: 12, emerging: false,
        countries: &[
            ("US", 80, &["San Francisco", "New York", "Boston", "Austin", "Atlanta", "Chicago", "Seattle", "Denver"]),
            ("CA", 20, &["Toronto", "Montreal", "Vancouver", "Waterloo"]),
        ],
        places: &["Prairie", "Maple", "Cascade", "Hudson", "Lakeshore", "Redwood", "Frontier", "Great Lakes"],
        first_names: &["Emily", "Michael", "Aisha", "David", "Grace", "Marcus", "Olivia", "Daniel", "Sofia", "Jordan"],
        last_names: &["Carter", "Nguyen", "Johnson", "Bennett", "Okoro", "Hughes", "Tremblay", "Rivera", "Cohen", "Walker"],
    },
    Market {
        share: 4, emerging: true,
        countries: &[
            ("EG", 25, &["Cairo", "Alexandria"]),
            ("AE", 18, &["Dubai", "Abu Dhabi"]),
            ("MA", 14, &["Casablanca", "Rabat"]),
            ("SA", 12, &["Riyadh", "Jeddah"]),
            ("TR", 10, &["Istanbul", "Ankara"]),
            ("TN", 8, &["Tunis"]),
            ("JO", 8, &["Amman"]),
            ("IL", 5, &["Tel Aviv", "Haifa"]),
        ],
        places: &["Atlas", "Nile", "Oasis", "Levant", "Sahara", "Cedar", "Falcon", "Bosphorus"],
        first_names: &["Yasmine", "Omar", "Leila", "Karim", "Nour", "Tarek", "Salma", "Youssef", "Dana", "Emre"],
        last_names: &["Haddad", "El-Sayed", "Benali", "Mansour", "Aziz", "Kaya", "Nasser", "Khoury", "Farouk", "Amrani"],
    },
    Market {
        share: 4, emerging: false,
        countries: &[
            ("JP", 25, &["Tokyo", "Osaka", "Fukuoka"]),
            ("AU", 22, &["Sydney", "Melbourne", "Brisbane"]),
            ("KR", 20, &["Seoul", "Busan"]),
            ("CN", 15, &["Shenzhen", "Shanghai", "Beijing"]),
            ("TW", 10, &["Taipei", "Hsinchu"]),
            ("NZ", 8, &["Auckland", "Wellington"]),
        ],
        places: &["Sakura", "Pacific", "Koru", "Jade", "Coral", "Tasman"],
        first_names: &["Yuki", "Haruto", "Ji-woo", "Min-jun", "Wei", "Chloe", "Liam", "Aroha", "Kenji", "Hana"],
        last_names: &["Tanaka", "Kim", "Park", "Chen", "Watanabe", "Lin", "Smith", "Wilson", "Ngata", "Sato"],
    },
];

/// Areas emerging-market funders name besides their home region.
const EMERGING_AREAS: &[(Area, u32)] = &[
    (Area::EasternAfrica, 3),
    (Area::WesternAfrica, 3),
    (Area::SouthernAfrica, 2),
    (Area::MiddleAfrica, 1),
    (Area::NorthernAfrica, 1),
    (Area::SouthAmerica, 2),
    (Area::CentralAmerica, 1),
    (Area::Caribbean, 1),
    (Area::SouthernAsia, 2),
    (Area::SouthEasternAsia, 2),
];

/// A market with its country codes resolved.
pub(super) struct Resolved {
    pub(super) market: &'static Market,
    countries: Vec<Country>,
}

pub(super) static RESOLVED: LazyLock<Vec<Resolved>> = LazyLock::new(|| {
    MARKETS
        .iter()
        .map(|market| Resolved {
            market,
            countries: market
                .countries
                .iter()
                .map(|(code, _, _)| Country::parse(code).expect("markets name ISO countries"))
                .collect(),
        })
        .collect()
});

/// Where a profile is based.
pub(super) struct Home {
    pub(super) market: &'static Resolved,
    pub(super) country: Country,
    pub(super) city: &'static str,
}

/// A market by share (emerging ones only when asked), a country in it by weight, a city.
pub(super) fn pick_home(rng: &mut R, emerging_only: bool) -> Home {
    let markets: &'static [Resolved] = &RESOLVED;
    let market = weighted(rng, markets, |m| {
        if emerging_only && !m.market.emerging {
            0
        } else {
            m.market.share
        }
    });
    let i = weighted_index(rng, market.market.countries, |c| c.1);
    Home {
        market,
        country: market.countries[i],
        city: one(rng, market.market.countries[i].2),
    }
}

/// Up to `count` other countries of the home market in the same M49 (intermediate or sub-)
/// region.
pub(super) fn neighbours(rng: &mut R, home: &Home, count: usize) -> Vec<Country> {
    if count == 0 {
        return Vec::new();
    }
    let area = home.country.areas().next();
    let pool: Vec<(Country, u32)> = home
        .market
        .countries
        .iter()
        .zip(home.market.market.countries)
        .filter(|(c, _)| **c != home.country && c.areas().next() == area)
        .map(|(c, entry)| (*c, entry.1))
        .collect();
    pick_distinct(rng, &pool, count)
}

/// An investor's or partner's mandate: its country (and neighbours), its M49 region (plus other
/// emerging regions for emerging-market funders), a wider region, or the whole world.
pub(super) fn coverage(rng: &mut R, home: &Home, scope: &Scope) -> (Vec<Country>, Vec<Area>) {
    let finest = home.country.areas().next().unwrap_or(Area::Global);
    match weighted_index(rng, &scope.weights, |w| *w) {
        0 => {
            let mut countries = vec![home.country];
            if chance(rng, scope.neighbours) {
                let count = rng.random_range(1..=2);
                countries.extend(neighbours(rng, home, count));
            }
            (countries, Vec::new())
        }
        1 => {
            let mut areas = vec![finest];
            let mut countries = Vec::new();
            if scope.emerging && chance(rng, 0.5) {
                let count = rng.random_range(1..=2);
                let others: Vec<(Area, u32)> = EMERGING_AREAS
                    .iter()
                    .filter(|(a, _)| *a != finest)
                    .copied()
                    .collect();
                areas.extend(pick_distinct(rng, &others, count));
                if chance(rng, 0.3) {
                    countries.push(home.country);
                }
            }
            (countries, areas)
        }
        2 => (
            Vec::new(),
            vec![home.country.areas().nth(1).unwrap_or(finest)],
        ),
        _ => (Vec::new(), vec![Area::Global]),
    }
}

/// A country's name as used in a sentence ("the Philippines").
pub(super) fn country_name(country: Country) -> String {
    const WITH_ARTICLE: &[&str] = &["US", "GB", "AE", "NL", "PH", "DO", "CD"];
    if WITH_ARTICLE.contains(&country.alpha2()) {
        format!("the {}", country.name())
    } else {
        country.name().to_string()
    }
}

/// "Kenya", "Kenya and Uganda", "Kenya, Uganda and Tanzania".
pub(super) fn countries_phrase(countries: &[Country]) -> String {
    let names: Vec<String> = countries.iter().map(|c| country_name(*c)).collect();
    join_and(&names)
}

/// Countries and areas in words: "Kenya and Eastern Africa", "markets worldwide".
pub(super) fn coverage_phrase(countries: &[Country], areas: &[Area]) -> String {
    let mut names: Vec<String> = countries.iter().map(|c| country_name(*c)).collect();
    names.extend(areas.iter().map(|a| {
        match a {
            Area::Global => "markets worldwide",
            Area::Americas => "the Americas",
            Area::Caribbean => "the Caribbean",
            other => other.label(),
        }
        .to_string()
    }));
    join_and(&names)
}
