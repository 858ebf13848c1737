//! IP range values: `IMPROVE_IP_RANGE` (bits set after the prefix) and the private ranges that
//! `aws:SourceIp` never holds (`PRIVATE_IP_ADDRESS`, `PRIVATE_NOT_IP_ADDRESS` and their `_SUBSET`
//! variants). Requests from a VPC carry their private address in `aws:VpcSourceIp` instead.

use std::net::IpAddr;

use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{CondValue, ConditionEntry, Operator, ValueKind};

/// An address and prefix length, as IAM reads `203.0.113.0/24`; a bare address is a /32 or /128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    addr: IpAddr,
    prefix: u8,
}

impl Range {
    fn parse(text: &str) -> Option<Range> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Range { addr, prefix })
    }

    /// The address with every bit after the prefix cleared.
    fn network(self) -> Range {
        let addr = match self.addr {
            IpAddr::V4(a) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                IpAddr::from((u32::from(a) & mask).to_be_bytes())
            }
            IpAddr::V6(a) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                IpAddr::from((u128::from(a) & mask).to_be_bytes())
            }
        };
        Range { addr, ..self }
    }

    /// Whether every address of `self` lies in `outer`.
    fn within(self, outer: Range) -> bool {
        self.addr.is_ipv4() == outer.addr.is_ipv4()
            && self.prefix >= outer.prefix
            && Range { prefix: outer.prefix, ..self }.network() == outer.network()
    }

    /// Inside a private range (RFC 1918 for IPv4, unique local `fc00::/7` for IPv6).
    fn is_private(self) -> bool {
        const PRIVATE: &[&str] = &["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];
        PRIVATE.iter().filter_map(|p| Range::parse(p)).any(|p| self.within(p))
    }
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The values IAM reads as ranges; variables and unreadable values are left to other rules.
fn ranges(entry: &ConditionEntry) -> impl Iterator<Item = (&CondValue, Range)> {
    entry.values.iter().filter(|v| v.kind == ValueKind::String).filter_map(|v| Some((v, Range::parse(&v.text)?)))
}

pub(super) fn check(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    for (value, range) in ranges(entry) {
        let network = range.network();
        if network != range && value.text.contains('/') {
            out.push(
                ctx.finding(
                    "IMPROVE_IP_RANGE",
                    value.range,
                    format!(
                        "\"{}\" has bits set after its /{} prefix, which IAM ignores: replace the address with \"{network}\".",
                        value.text, range.prefix
                    ),
                )
                .with_fix(format!("Use \"{network}\""), vec![replace_string(value.range, &network.to_string())], true),
            );
        }
    }
    if entry.key.value.eq_ignore_ascii_case("aws:SourceIp") {
        private(ctx, op, entry, out);
    }
}

fn private(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    let all: Vec<(&CondValue, Range)> = ranges(entry).collect();
    let private: Vec<&CondValue> = all.iter().filter(|(_, r)| r.is_private()).map(|(v, _)| *v).collect();
    if private.is_empty() {
        return;
    }
    // Only when every value was read: a variable may hold a public range.
    if private.len() == entry.values.len() {
        let (code, effect) = if op.negated {
            ("PRIVATE_NOT_IP_ADDRESS", "so the condition matches every request and has no effect")
        } else {
            ("PRIVATE_IP_ADDRESS", "so the condition never matches")
        };
        out.push(
            ctx.finding(
                code,
                entry.key.range,
                format!(
                    "`aws:SourceIp` holds only public addresses, and every value of `{}` is a private range, {effect}; test private addresses with `aws:VpcSourceIp`.",
                    entry.key.value
                ),
            )
            .with_fix("Use `aws:VpcSourceIp`", vec![replace_string(entry.key.range, "aws:VpcSourceIp")], false),
        );
        return;
    }
    let code = if op.negated { "PRIVATE_NOT_IP_ADDRESS_SUBSET" } else { "PRIVATE_IP_ADDRESS_SUBSET" };
    for value in private {
        out.push(ctx.finding(
            code,
            value.range,
            format!(
                "\"{}\" is a private range, which `aws:SourceIp` never holds, so it has no effect here; test private addresses with `aws:VpcSourceIp`.",
                value.text
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> Range {
        Range::parse(text).unwrap()
    }

    #[test]
    fn network_clears_the_host_bits() {
        assert_eq!(range("10.1.2.3/8").network().to_string(), "10.0.0.0/8");
        assert_eq!(range("203.0.113.7/32").network().to_string(), "203.0.113.7/32");
        assert_eq!(range("0.0.0.1/0").network().to_string(), "0.0.0.0/0");
        assert_eq!(range("2001:db8::1/32").network().to_string(), "2001:db8::/32");
        assert_eq!(range("192.0.2.9").prefix, 32);
        assert!(Range::parse("10.0.0.0/33").is_none());
    }

    #[test]
    fn private_ranges() {
        assert!(range("10.0.0.0/8").is_private());
        assert!(range("172.31.5.0/24").is_private());
        assert!(range("192.168.1.1").is_private());
        assert!(range("fd00::/8").is_private());
        assert!(!range("172.32.0.0/16").is_private());
        assert!(!range("0.0.0.0/0").is_private());
        assert!(!range("203.0.113.0/24").is_private());
        assert!(!range("2001:db8::/32").is_private());
    }
}
