//! Epoch seconds under Date operators (`INVALID_DATE_VALUE`): IAM reads them, but Access Analyzer
//! warns that epoch time might not resolve to the time meant and recommends the W3C date format;
//! the fix writes the same instant that way.

use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{ConditionEntry, ValueKind};

use super::values::is_date;

pub(super) fn check(ctx: &Context<'_>, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    for value in &entry.values {
        let text = value.text.as_str();
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        // Anything else is ISO 8601 or not a date at all (`TYPE_MISMATCH_DATE`).
        if !matches!(value.kind, ValueKind::String | ValueKind::Number) || !digits || !is_date(text) {
            continue;
        }
        let basic = basic_date(text);
        let (reading, fix) = match basic {
            // Eight digits are also the ISO basic form of a date: which one IAM takes is unclear.
            Some(date) => (format!("reads as epoch seconds or as the date {date}"), Some((date, false))),
            None => {
                let iso = text.parse::<u64>().ok().and_then(epoch_to_w3c);
                ("is epoch seconds, which might not resolve to the time meant".to_owned(), iso.map(|d| (d, true)))
            }
        };
        let mut finding = ctx.finding(
            "INVALID_DATE_VALUE",
            value.range,
            format!(
                "{text} under `{}` {reading}: write the date as YYYY-MM-DD (or YYYY-MM-DDThh:mm:ssZ).",
                entry.key.value
            ),
        );
        if let Some((date, safe)) = fix {
            finding = finding.with_fix(format!("Use \"{date}\""), vec![replace_string(value.range, &date)], safe);
        }
        out.push(finding);
    }
}

/// `20241231` as `2024-12-31` (the caller knows it is a valid date).
fn basic_date(text: &str) -> Option<String> {
    (text.len() == 8).then(|| format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]))
}

/// Seconds since 1970-01-01T00:00:00Z as `YYYY-MM-DDThh:mm:ssZ`; None past year 9999, where the
/// format ends (such values are more likely milliseconds).
fn epoch_to_w3c(seconds: u64) -> Option<String> {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    (year <= 9999)
        .then(|| format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60))
}

/// The proleptic Gregorian date `days` after 1970-01-01, counted in 400-year eras of 146,097 days
/// that start on a 1 March, so that the leap day ends each year of the era.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468; // 0000-03-01 to 1970-01-01
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_as_w3c_dates() {
        assert_eq!(epoch_to_w3c(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(epoch_to_w3c(1_735_689_599).as_deref(), Some("2024-12-31T23:59:59Z"));
        assert_eq!(epoch_to_w3c(951_782_400).as_deref(), Some("2000-02-29T00:00:00Z"));
        assert_eq!(epoch_to_w3c(4_107_542_400).as_deref(), Some("2100-03-01T00:00:00Z"));
        assert_eq!(epoch_to_w3c(253_402_300_799).as_deref(), Some("9999-12-31T23:59:59Z"));
        // Milliseconds, most likely.
        assert_eq!(epoch_to_w3c(1_735_689_600_000), None);
    }

    #[test]
    fn eight_digits_read_as_a_basic_date() {
        assert_eq!(basic_date("20241231").as_deref(), Some("2024-12-31"));
        assert_eq!(basic_date("1735689600"), None);
    }
}
