//! Reading condition values as IAM does: IP addresses and CIDR ranges, dates, numbers, booleans.
//! Each function says whether IAM can read the text; `None` carries no reason because the
//! messages name the expected form instead.

use std::net::Ipv6Addr;

/// `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`: octets 0–255, prefixes up to /32 and /128.
pub(super) fn is_ip(text: &str) -> bool {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let max = if addr.contains(':') {
        if addr.parse::<Ipv6Addr>().is_err() {
            return false;
        }
        128
    } else {
        if !is_ipv4(addr) {
            return false;
        }
        32
    };
    prefix.is_none_or(|p| is_digits(p) && p.len() <= 3 && p.parse::<u32>().is_ok_and(|n| n <= max))
}

fn is_ipv4(addr: &str) -> bool {
    let octets: Vec<&str> = addr.split('.').collect();
    octets.len() == 4 && octets.iter().all(|o| is_digits(o) && o.len() <= 3 && o.parse::<u16>().is_ok_and(|n| n <= 255))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An integer or decimal number, optionally signed, with an optional exponent (IAM reads
/// numbers as decimals).
pub(super) fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = (!int.is_empty() || !frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    digits_ok && exponent.is_none_or(|e| is_digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// ISO 8601 (`2024-12-31`, `2024-12-31T23:59:59Z`, `2024-12-31T23:59:59.123+09:00`, the basic
/// form `20241231T235959Z`, `2024-12`, `2024`) or whole seconds since the Unix epoch.
pub(super) fn is_date(text: &str) -> bool {
    if is_digits(text) && text.len() != 8 {
        // Epoch seconds (an eight-digit number is read as the basic date form, checked below).
        return true;
    }
    let (date, time) = match text.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    is_calendar_date(date) && time.is_none_or(is_time)
}

fn is_calendar_date(date: &str) -> bool {
    let parts: Vec<&str> = if date.contains('-') {
        date.split('-').collect()
    } else if date.len() == 8 {
        vec![&date[..4], &date[4..6], &date[6..]]
    } else {
        vec![date]
    };
    let widths = [4, 2, 2];
    if parts.is_empty() || parts.len() > 3 || parts.iter().zip(widths).any(|(p, w)| p.len() != w || !is_digits(p)) {
        return false;
    }
    let num = |i: usize| parts.get(i).map(|p| p.parse::<u32>().unwrap_or(0));
    let year = num(0).unwrap_or(0);
    match (num(1), num(2)) {
        (None, _) => true,
        (Some(month), None) => (1..=12).contains(&month),
        (Some(month), Some(day)) => (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `hh[:mm[:ss[.fff]]]` or `hhmm[ss]`, then `Z`, `±hh[:mm]` or nothing.
fn is_time(time: &str) -> bool {
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        _ => {
            let offset = &zone[1..];
            let (h, m) = match offset.split_once(':') {
                Some((h, m)) => (h, m),
                None if offset.len() == 4 => offset.split_at(2),
                None => (offset, "00"),
            };
            field(h, 23) && field(m, 59)
        }
    };
    let (clock, fraction) = clock.split_once(['.', ',']).unwrap_or((clock, "0"));
    let fields: Vec<&str> = if clock.contains(':') {
        clock.split(':').collect()
    } else if clock.len() % 2 == 0 && clock.len() <= 6 {
        clock.as_bytes().chunks(2).map(|c| std::str::from_utf8(c).unwrap_or("")).collect()
    } else {
        return false;
    };
    let limits = [23, 59, 60];
    zone_ok
        && is_digits(fraction)
        && !fields.is_empty()
        && fields.len() <= 3
        && fields.iter().zip(limits).all(|(f, max)| field(f, max))
}

fn field(text: &str, max: u32) -> bool {
    text.len() == 2 && is_digits(text) && text.parse::<u32>().is_ok_and(|n| n <= max)
}

/// `"true"` or `"false"` in any case (IAM reads booleans case-insensitively).
pub(super) fn is_bool(text: &str) -> bool {
    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_and_ranges() {
        for ok in [
            "10.0.0.0/8",
            "203.0.113.7",
            "0.0.0.0/0",
            "10.0.0.1/32",
            "2001:db8::/32",
            "::1",
            "::ffff:10.0.0.1",
            "2001:db8::/128",
        ] {
            assert!(is_ip(ok), "{ok}");
        }
        for bad in [
            "10.0.0.300/24",
            "10.0.0/24",
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/",
            "abc",
            "",
            " 10.0.0.1",
            "10.0.0.1/-1",
            "1.2.3.4.5",
            "2001:db8:::1",
        ] {
            assert!(!is_ip(bad), "{bad}");
        }
    }

    #[test]
    fn numbers() {
        for ok in ["3600", "-1", "+2", "0.5", ".5", "5.", "1e3", "1.5E-2"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["ten", "", "-", ".", "1,000", "0x10", "1e", "NaN", " 1", "1.2.3"] {
            assert!(!is_number(bad), "{bad}");
        }
    }

    #[test]
    fn dates_and_epoch_seconds() {
        for ok in [
            "2024-12-31",
            "2024-02-29",
            "2000-02-29",
            "2024-12-31T23:59:59Z",
            "2024-12-31T23:59:59.123Z",
            "2024-12-31T23:59:59+09:00",
            "2024-12-31T23:59-0500",
            "2024-06-30T12Z",
            "2016-12-31T23:59:60Z",
            "20241231T235959Z",
            "20241231",
            "2024-12",
            "2024",
            "1735689600",
            "0",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2024-13-01",
            "2024-00-10",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-12-31T24:00:00Z",
            "2024-12-31T23:60:00Z",
            "2024-12-31T23:59:61Z",
            "2024-12-31T23:59:59+25:00",
            "2024-1-1",
            "20241331",
            "tomorrow",
            "",
            "2024-12-31 23:59:59",
            "2024-12-31T",
            "-5",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn booleans() {
        assert!(is_bool("true") && is_bool("False") && is_bool("TRUE"));
        assert!(!is_bool("yes") && !is_bool("1") && !is_bool(""));
    }
}
