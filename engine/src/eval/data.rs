//! A deal benchmark on disk: `companies.csv`, `investors.csv` and `deals.csv`, read whole
//! and checked, or not at all.
//!
//! The format is the neutral one of `../shared/bench/crunchbase-dev` (its README describes
//! every column). A bad row is reported with its file, line and column and what was expected;
//! a deal naming an unknown company or investor is an error too, so every index in a
//! [`Benchmark`] is valid.
//!
//! A benchmark is a set of records: the order its files list them in means nothing, and
//! nothing downstream may depend on it. Companies and investors are kept in id order and deals
//! in a canonical order (date, company, investor, round), so that two files holding the same
//! records give the same [`Benchmark`], and every figure and ranking computed from it is the same.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A calendar date (`YYYY-MM-DD`), ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a real day of a real month; leap years counted).
    ///
    /// ```
    /// use tandem_engine::eval::Date;
    /// let d = Date::parse("2011-01-01").unwrap();
    /// assert_eq!(d.plus_one_year().to_string(), "2012-01-01");
    /// assert!(Date::parse("2011-02-29").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Date, String> {
        let expected = || format!("`{text}` is not a date; expected YYYY-MM-DD, e.g. 2011-01-01");
        let parts: Vec<&str> = text.split('-').collect();
        let [y, m, d] = parts[..] else {
            return Err(expected());
        };
        // ASCII digits only: `u16::from_str` would also take a sign ("+999").
        let digits =
            |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(expected());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(expected());
        };
        let date = Date { year, month, day };
        // Year 0 is refused so that `minus_one_year` always has a year to go back to.
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > date.days_in_month() {
            return Err(expected());
        }
        Ok(date)
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month (1–12).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u8 {
        self.day
    }

    /// The same day a year later (29 February becomes 28 February).
    pub fn plus_one_year(self) -> Date {
        let mut next = Date {
            year: self.year + 1,
            ..self
        };
        next.day = next.day.min(next.days_in_month());
        next
    }

    /// The same day six months later (a day the shorter month lacks becomes its last).
    ///
    /// ```
    /// use tandem_engine::eval::Date;
    /// let d = |s| Date::parse(s).unwrap();
    /// assert_eq!(d("2011-01-01").plus_half_year(), d("2011-07-01"));
    /// assert_eq!(d("2011-08-31").plus_half_year(), d("2012-02-29"));
    /// ```
    pub fn plus_half_year(self) -> Date {
        let months = u16::from(self.month) - 1 + 6;
        let mut next = Date {
            year: self.year + months / 12,
            month: (months % 12) as u8 + 1,
            day: self.day,
        };
        next.day = next.day.min(next.days_in_month());
        next
    }

    /// The same day a year earlier (29 February becomes 28 February).
    pub fn minus_one_year(self) -> Date {
        let mut previous = Date {
            year: self.year - 1,
            ..self
        };
        previous.day = previous.day.min(previous.days_in_month());
        previous
    }

    /// Days since 1970-01-01 (proleptic Gregorian; earlier dates are negative).
    ///
    /// ```
    /// use tandem_engine::eval::Date;
    /// let day = |s| Date::parse(s).unwrap().days_since_epoch();
    /// assert_eq!(day("1970-01-01"), 0);
    /// assert_eq!(day("2013-01-01") - day("2012-01-01"), 366);
    /// ```
    pub fn days_since_epoch(self) -> i32 {
        let (y, m, d) = (
            i32::from(self.year),
            i32::from(self.month),
            i32::from(self.day),
        );
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn days_in_month(self) -> u8 {
        let y = self.year;
        let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A company that raised money (a start-up, in Tandem's terms).
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    /// The benchmark's id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The source's category code, e.g. `software` (`None` when unknown).
    pub category: Option<String>,
    /// ISO 3166-1 alpha-3 country code as given (`None` when unknown).
    pub country: Option<String>,
    /// Region or state, free text.
    pub region: Option<String>,
    /// City, free text.
    pub city: Option<String>,
    /// Year founded.
    pub founded_year: Option<u16>,
}

/// An investor: a fund, firm or angel.
#[derive(Debug, Clone, PartialEq)]
pub struct Investor {
    /// The benchmark's id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One investor's part in one round.
#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    /// Index into [`Benchmark::investors`].
    pub investor: usize,
    /// Index into [`Benchmark::companies`].
    pub company: usize,
    /// When the round closed.
    pub date: Date,
    /// The round type, e.g. `series-a` (`None` when unknown).
    pub round_type: Option<String>,
    /// The round's total in US dollars (`None` when unknown).
    pub amount_usd: Option<f64>,
}

/// A whole benchmark, every cross-reference checked.
#[derive(Debug, Clone, Default)]
pub struct Benchmark {
    /// Companies, in id order.
    pub companies: Vec<Company>,
    /// Investors, in id order.
    pub investors: Vec<Investor>,
    /// Deals, in canonical order: by date, then company and investor (their index, so id
    /// order), then round type and amount.
    pub deals: Vec<Deal>,
}

/// A benchmark that cannot be read, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file is missing or unreadable.
    #[error("cannot read {}: {message}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A row is malformed.
    #[error("{}, line {line}, column `{column}`: {message}", path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// The column at fault (empty when the whole row is).
        column: String,
        /// What was wrong and what is expected.
        message: String,
    },
}

#[derive(Deserialize)]
struct CompanyRow {
    company_id: String,
    name: String,
    category: String,
    country: String,
    region: String,
    city: String,
    founded_year: String,
}

#[derive(Deserialize)]
struct InvestorRow {
    investor_id: String,
    name: String,
}

#[derive(Deserialize)]
struct DealRow {
    investor_id: String,
    company_id: String,
    date: String,
    round_type: String,
    amount_usd: String,
}

fn optional(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

impl Benchmark {
    /// Reads the three files of a benchmark directory.
    pub fn load(dir: &Path) -> Result<Benchmark, DataError> {
        let mut companies = Vec::new();
        let mut company_ids = HashSet::new();
        read_rows(&dir.join("companies.csv"), |row: CompanyRow, fail| {
            let founded_year = match optional(row.founded_year) {
                None => None,
                Some(y) => Some(y.parse::<u16>().map_err(|_| {
                    fail(
                        "founded_year",
                        format!("`{y}` is not a year; expected e.g. 2004"),
                    )
                })?),
            };
            add_id(&mut company_ids, &row.company_id, fail, "company_id")?;
            companies.push(Company {
                id: row.company_id,
                name: row.name,
                category: optional(row.category),
                country: optional(row.country),
                region: optional(row.region),
                city: optional(row.city),
                founded_year,
            });
            Ok(())
        })?;
        let company_index = in_id_order(&mut companies, |c| &c.id);

        let mut investors = Vec::new();
        let mut investor_ids = HashSet::new();
        read_rows(&dir.join("investors.csv"), |row: InvestorRow, fail| {
            add_id(&mut investor_ids, &row.investor_id, fail, "investor_id")?;
            investors.push(Investor {
                id: row.investor_id,
                name: row.name,
            });
            Ok(())
        })?;
        let investor_index = in_id_order(&mut investors, |i| &i.id);

        let mut deals = Vec::new();
        read_rows(&dir.join("deals.csv"), |row: DealRow, fail| {
            let investor = *investor_index.get(&row.investor_id).ok_or_else(|| {
                fail(
                    "investor_id",
                    format!("`{}` is not in investors.csv", row.investor_id),
                )
            })?;
            let company = *company_index.get(&row.company_id).ok_or_else(|| {
                fail(
                    "company_id",
                    format!("`{}` is not in companies.csv", row.company_id),
                )
            })?;
            let date = Date::parse(row.date.trim()).map_err(|m| fail("date", m))?;
            let amount_usd = match optional(row.amount_usd) {
                None => None,
                Some(a) => match a.parse::<f64>() {
                    Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                    _ => {
                        return Err(fail(
                            "amount_usd",
                            format!("`{a}` is not an amount; expected dollars ≥ 0, e.g. 1500000"),
                        ));
                    }
                },
            };
            deals.push(Deal {
                investor,
                company,
                date,
                round_type: optional(row.round_type),
                amount_usd,
            });
            Ok(())
        })?;
        deals.sort_by(|a, b| {
            (a.date, a.company, a.investor, &a.round_type)
                .cmp(&(b.date, b.company, b.investor, &b.round_type))
                .then(
                    a.amount_usd
                        .partial_cmp(&b.amount_usd)
                        .expect("amounts are finite"),
                )
        });
        Ok(Benchmark {
            companies,
            investors,
            deals,
        })
    }
}

/// Sorts records by id and returns each id's index in that order.
fn in_id_order<T>(records: &mut [T], id: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    records.sort_by(|a, b| id(a).cmp(id(b)));
    records
        .iter()
        .enumerate()
        .map(|(i, r)| (id(r).clone(), i))
        .collect()
}

/// Notes `id` as seen, refusing a repeat.
fn add_id(seen: &mut HashSet<String>, id: &str, fail: Fail, column: &str) -> Result<(), DataError> {
    if !seen.insert(id.to_string()) {
        return Err(fail(column, format!("`{id}` appears twice")));
    }
    Ok(())
}

/// Builds a row error for a column of the row being read.
type Fail<'a> = &'a dyn Fn(&str, String) -> DataError;

/// Deserialises every row of a CSV file with a header and hands it to `take`.
fn read_rows<T: for<'de> Deserialize<'de>>(
    path: &Path,
    mut take: impl FnMut(T, Fail) -> Result<(), DataError>,
) -> Result<(), DataError> {
    let unreadable = |message: String| DataError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| unreadable(e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| unreadable(e.to_string()))?
        .clone();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            DataError::Row {
                path: path.to_path_buf(),
                line,
                column: String::new(),
                message: e.to_string(),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let fail = |column: &str, message: String| DataError::Row {
            path: path.to_path_buf(),
            line,
            column: column.to_string(),
            message,
        };
        let row: T = record.deserialize(Some(&headers)).map_err(|e| {
            let column = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err
                    .field()
                    .and_then(|i| headers.get(i as usize))
                    .unwrap_or_default(),
                _ => "",
            };
            fail(column, e.to_string())
        })?;
        take(row, &fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        let d = |s: &str| Date::parse(s).unwrap().days_since_epoch();
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("2000-03-01"), 11_017);
        assert_eq!(d("2011-01-01") - d("2010-01-01"), 365);
        assert_eq!(d("2013-01-01") - d("2012-01-01"), 366);
        assert_eq!(d("1969-12-31"), -1);
    }

    fn write(dir: &Path, companies: &str, investors: &str, deals: &str) {
        std::fs::write(dir.join("companies.csv"), companies).unwrap();
        std::fs::write(dir.join("investors.csv"), investors).unwrap();
        std::fs::write(dir.join("deals.csv"), deals).unwrap();
    }

    const COMPANIES: &str = "company_id,name,category,country,region,city,founded_year\n\
        a,A,software,USA,CA,SF,2004\nb,B,,,,,\n";
    const INVESTORS: &str = "investor_id,name\nf,Fund\n";

    #[test]
    fn reads_a_benchmark_with_unknowns_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let deals = "investor_id,company_id,date,round_type,amount_usd\n\
            f,a,2010-05-01,series-a,2000000\nf,b,2011-02-01,,\n";
        write(dir.path(), COMPANIES, INVESTORS, deals);
        let b = Benchmark::load(dir.path()).unwrap();
        assert_eq!(b.companies.len(), 2);
        assert_eq!(b.companies[0].category.as_deref(), Some("software"));
        assert_eq!(b.companies[1].category, None);
        assert_eq!(b.companies[0].founded_year, Some(2004));
        assert_eq!(b.deals[0].amount_usd, Some(2_000_000.0));
        assert_eq!(b.deals[1].round_type, None);
        assert_eq!(b.deals[1].company, 1);
    }

    #[test]
    fn bad_rows_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("f,a,2010-13-01,,\n", "line 2, column `date`"),
            (
                "f,zz,2010-01-01,,\n",
                "line 2, column `company_id`: `zz` is not in companies.csv",
            ),
            ("f,a,2010-01-01,,lots\n", "column `amount_usd`"),
            (
                "f,a,2010-01-01,,1\nnobody,a,2010-01-01,,\n",
                "line 3, column `investor_id`",
            ),
        ];
        for (rows, expected) in cases {
            let deals = format!("investor_id,company_id,date,round_type,amount_usd\n{rows}");
            write(dir.path(), COMPANIES, INVESTORS, &deals);
            let message = Benchmark::load(dir.path()).unwrap_err().to_string();
            assert!(message.contains("deals.csv"), "{message}");
            assert!(message.contains(expected), "{message} lacks {expected}");
        }
        let twice = format!("{COMPANIES}a,Again,,,,,\n");
        write(
            dir.path(),
            &twice,
            INVESTORS,
            "investor_id,company_id,date,round_type,amount_usd\n",
        );
        let message = Benchmark::load(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("companies.csv, line 4, column `company_id`: `a` appears twice"),
            "{message}"
        );
        write(dir.path(), COMPANIES, INVESTORS, "");
        std::fs::remove_file(dir.path().join("deals.csv")).unwrap();
        let message = Benchmark::load(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("cannot read") && message.contains("deals.csv"),
            "{message}"
        );
    }
}
