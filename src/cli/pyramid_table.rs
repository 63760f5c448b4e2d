//! The readable report of `stage-scorer pyramid`: the whole portfolio, then
//! each group, as plain-text sections and tables (see the README's "Pyramid
//! health" section for what each figure means).
//!
//! Money is shown in whole units of the report's currency with thousands
//! separators, shares as percentages, effort in effort points (one point is
//! one partner at full effort), means of 0..1 indexes with two decimals.
//! `-` marks a figure that is not known.

use std::io::{self, Write};

use crate::{
    cli::text_table::TextTable,
    domain::{
        Stage,
        pyramid::{
            GroupKey, GroupReport, PyramidReport,
            aggregate::{TIER_ROWS, row_tier},
            shape::LayerPair,
        },
        scoring::warnings::WarningCode,
    },
};

/// Writes `report` as text.
pub fn write_report(out: &mut impl Write, report: &PyramidReport) -> io::Result<()> {
    let currency = report.currency.map(|c| c.as_str().to_owned());
    let unit = currency
        .as_deref()
        .map_or(String::new(), |c| format!(" ({c})"));
    writeln!(out, "PYRAMID REPORT")?;
    writeln!(out, "  model version     {}", report.model_version)?;
    writeln!(
        out,
        "  currency          {}",
        currency
            .as_deref()
            .unwrap_or("- (no partner carried money)")
    )?;
    writeln!(
        out,
        "  grouped by        {}",
        if report.group_by.is_empty() {
            "- (whole portfolio only)".to_owned()
        } else {
            report.group_by.join(", ")
        }
    )?;
    writeln!(
        out,
        "  analysed          {}",
        counted(report.partners_analysed, "partner")
    )?;
    writeln!(
        out,
        "  rejected          {}",
        counted(report.partners_rejected, "record")
    )?;

    writeln!(out)?;
    writeln!(
        out,
        "WHOLE PORTFOLIO ({})",
        counted(report.overall.partners, "partner")
    )?;
    write_group(out, &report.overall, &unit)?;

    if report.partners_rejected > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "REJECTED RECORDS ({}; {} listed, the first by partner id, then fields, then reason)",
            count(report.partners_rejected),
            report.rejected.len()
        )?;
        let mut t = TextTable::new(["partner id", "reason"]).left_aligned(&[0, 1]);
        for r in &report.rejected {
            let id = if r.partner_id.is_empty() {
                "(none)"
            } else {
                r.partner_id.as_str()
            };
            t.row([id, r.reason.as_str()]);
        }
        t.write(out, "  ")?;
    }

    if !report.group_by.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "GROUPS ({} by {})",
            report.groups.len(),
            report.group_by.join(", ")
        )?;
        let mut t = TextTable::new(["group", "partners", "shape", "health", "status", "findings"])
            .left_aligned(&[0, 2, 4, 5]);
        for (key, g) in &report.groups {
            let codes: Vec<&str> = g.health.findings.iter().map(|f| f.code.as_str()).collect();
            t.row([
                group_name(&report.group_by, key),
                count(g.partners),
                g.shape.shape.as_str().to_owned(),
                format!("{}/100", g.health.score),
                g.health.status.as_str().to_owned(),
                if codes.is_empty() {
                    "-".to_owned()
                } else {
                    codes.join(" ")
                },
            ]);
        }
        t.write(out, "  ")?;
        for (key, g) in &report.groups {
            writeln!(out)?;
            writeln!(
                out,
                "GROUP {} ({})",
                group_name(&report.group_by, key),
                counted(g.partners, "partner")
            )?;
            write_group(out, g, &unit)?;
        }
    }
    Ok(())
}

/// `region=emea, partner_type=(unset)`.
fn group_name(keys: &[String], key: &GroupKey) -> String {
    keys.iter()
        .zip(&key.0)
        .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("(unset)")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_group(out: &mut impl Write, g: &GroupReport, unit: &str) -> io::Result<()> {
    write_health(out, g)?;
    write_layers(out, g, unit)?;
    write_shape(out, g)?;
    write_effort(out, g)?;
    write_cost_of_sale(out, g)?;
    write_journey(out, g, unit)?;
    write_models(out, g)?;
    write_warnings(out, g)
}

fn write_health(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "  Health: {}/100, {}",
        g.health.score,
        g.health.status.as_str()
    )?;
    if g.health.findings.is_empty() {
        writeln!(out, "    no findings")?;
    }
    for f in &g.health.findings {
        writeln!(
            out,
            "    [{}] {}: {}",
            f.severity.as_str().to_ascii_lowercase(),
            f.code.as_str(),
            f.message
        )?;
    }
    Ok(())
}

fn write_layers(out: &mut impl Write, g: &GroupReport, unit: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "  Layers, base first")?;
    let mut t = TextTable::new([
        "stage".to_owned(),
        "partners".to_owned(),
        "share".to_owned(),
        format!("revenue{unit}"),
        "revenue share".to_owned(),
        "revenue/partner".to_owned(),
        format!("cost of sale{unit}"),
        "cost/revenue".to_owned(),
        "commitment".to_owned(),
        "quality".to_owned(),
    ]);
    for l in &g.layers {
        t.row([
            l.stage.to_string(),
            count(l.partners),
            pct(l.partner_share),
            money(l.revenue),
            pct(l.revenue_share),
            opt(l.revenue_per_partner, money),
            money(l.cost_of_sale),
            opt(l.cost_of_sale_ratio, pct),
            opt(l.mean_commitment, index),
            opt(l.mean_quality, index),
        ]);
    }
    t.write(out, "    ")
}

fn write_shape(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    let s = &g.shape;
    writeln!(out)?;
    writeln!(out, "  Shape: {}", s.shape.as_str())?;
    writeln!(
        out,
        "    flatness (share on the Transactional base) {}, top share (Collaborative + Partnership) {}",
        pct(s.flatness),
        pct(s.top_share)
    )?;
    if s.breaks.is_empty() {
        writeln!(
            out,
            "    breaks: none (each layer at least as wide as the one above)"
        )
    } else {
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|(lower, upper)| format!("fewer {lower} than {upper}"))
            .collect();
        writeln!(out, "    breaks: {}", breaks.join("; "))
    }
}

fn write_effort(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    let a = &g.effort_allocation;
    let b = &g.effort_balance;
    writeln!(out)?;
    writeln!(
        out,
        "  Effort allocation (effort points: one point is one partner at full effort)"
    )?;
    let mut t = TextTable::new([
        "stage",
        "effort",
        "share",
        "warranted share",
        "sales hours",
        "sales share",
        "wasted",
        "partners",
        "missing",
        "partners",
    ]);
    for l in &g.layers {
        t.row([
            l.stage.to_string(),
            points(l.effort),
            pct(l.effort_share),
            pct(l.warranted_effort_share),
            points(l.sales_focus_hours),
            pct(l.sales_focus_share),
            points(l.effort_wasted),
            count(l.partners_effort_wasted),
            points(l.effort_missing),
            count(l.partners_effort_missing),
        ]);
    }
    t.row([
        "all".to_owned(),
        points(a.effort_points),
        String::new(),
        String::new(),
        points(a.sales_focus_hours),
        String::new(),
        points(b.wasted),
        count(b.partners_wasted),
        points(b.missing),
        count(b.partners_missing),
    ]);
    t.write(out, "    ")?;
    writeln!(
        out,
        "    the base gets {} of the effort and {} of salespeople's hours; its intents warrant {}: {}",
        pct(a.base_effort_share),
        pct(a.base_sales_focus_share),
        pct(a.base_warranted_share),
        if a.base_absorbs_attention {
            "it absorbs the attention"
        } else {
            "it does not absorb the attention"
        }
    )?;
    writeln!(
        out,
        "    effort wasted above intent: {} points, {} of all effort; missing below intent: {} points, {} of the warranted {} points",
        points(b.wasted),
        pct(b.wasted_share),
        points(b.missing),
        pct(b.missing_share),
        points(a.warranted_points)
    )
}

fn write_cost_of_sale(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "  Cost of sale by stage (cost of sale / revenue)")?;
    let mut t = TextTable::new(Stage::ALL.iter().map(Stage::to_string)).left_aligned(&[]);
    t.row(g.cost_of_sale.ratios.map(|r| opt(r, pct)));
    t.write(out, "    ")?;
    if g.cost_of_sale.not_falling.is_empty() {
        writeln!(out, "    falls going up wherever known")
    } else {
        writeln!(
            out,
            "    does not fall from {}",
            pairs(&g.cost_of_sale.not_falling)
        )
    }
}

fn write_journey(out: &mut impl Write, g: &GroupReport, unit: &str) -> io::Result<()> {
    let j = &g.journey;
    writeln!(out)?;
    writeln!(
        out,
        "  Journey: {} whose intent lies above the stage",
        counted(j.partners_below_intent, "partner")
    )?;
    if !j.transitions.is_empty() {
        let mut t = TextTable::new(["from", "to", "partners"]).left_aligned(&[0, 1]);
        for tr in &j.transitions {
            t.row([tr.from.to_string(), tr.to.to_string(), count(tr.partners)]);
        }
        t.write(out, "    ")?;
    }
    writeln!(out, "    value of moving up, in this portfolio's figures:")?;
    let mut t = TextTable::new([
        "step".to_owned(),
        "crossing".to_owned(),
        format!("revenue/partner from{unit}"),
        "to".to_owned(),
        "gain/partner".to_owned(),
        "cost/revenue from".to_owned(),
        "to".to_owned(),
    ]);
    for s in &j.steps {
        t.row([
            format!("{} -> {}", s.from, s.to),
            count(s.partners_crossing),
            opt(s.revenue_per_partner_from, money),
            opt(s.revenue_per_partner_to, money),
            opt(s.revenue_gain_per_partner, money),
            opt(s.cost_of_sale_ratio_from, pct),
            opt(s.cost_of_sale_ratio_to, pct),
        ]);
    }
    t.write(out, "    ")?;
    writeln!(
        out,
        "    potential revenue gain of the intended journeys{unit}: {}",
        opt(j.potential_revenue_gain, money)
    )
}

fn write_models(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "  Model A tier x relationship stage (partners)")?;
    let mut t = TextTable::new(
        std::iter::once("tier".to_owned()).chain(Stage::ALL.iter().map(Stage::to_string)),
    );
    for (row, counts) in g.model_a_vs_b.iter().enumerate().take(TIER_ROWS) {
        let tier = row_tier(row).map_or_else(|| "unknown".to_owned(), |t| t.to_string());
        t.row(std::iter::once(tier).chain(counts.iter().map(|n| count(*n))));
    }
    t.write(out, "    ")
}

fn write_warnings(out: &mut impl Write, g: &GroupReport) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "  Partners per warning code, by stage")?;
    let mut t = TextTable::new(
        std::iter::once("warning".to_owned()).chain(Stage::ALL.iter().map(Stage::to_string)),
    );
    for (i, code) in WarningCode::ALL.iter().enumerate() {
        t.row(
            std::iter::once(code.as_str().to_owned())
                .chain(g.layers.iter().map(|l| count(l.warnings[i]))),
        );
    }
    t.write(out, "    ")
}

fn pairs(pairs: &[LayerPair]) -> String {
    pairs
        .iter()
        .map(|(lower, upper)| format!("{lower} to {upper}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn opt(value: Option<f64>, show: fn(f64) -> String) -> String {
    value.map_or_else(|| "-".to_owned(), show)
}

/// Groups the digits of the integer part of `number` by thousands.
fn thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (int, frac) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_owned();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{frac}")
}

fn count(n: u64) -> String {
    thousands(&n.to_string())
}

fn money(x: f64) -> String {
    thousands(&format!("{x:.0}"))
}

fn points(x: f64) -> String {
    thousands(&format!("{x:.1}"))
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn index(x: f64) -> String {
    format!("{x:.2}")
}

/// `1 partner`, `1,234 partners`.
fn counted(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", count(n), if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config,
        domain::pyramid::{PyramidAccumulator, PyramidOptions},
    };

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(money(-1234.6), "-1,235");
        assert_eq!(money(999.0), "999");
        assert_eq!(points(12345.67), "12,345.7");
        assert_eq!(money(f64::NAN), "NaN");
        assert_eq!(pct(0.1234), "12.3 %");
        assert_eq!(counted(1, "partner"), "1 partner");
        assert_eq!(counted(1000, "record"), "1,000 records");
    }

    #[test]
    fn an_empty_report_has_every_section() {
        let model = config::builtin().model;
        let report = PyramidAccumulator::new(&model, PyramidOptions::default()).report();
        let mut out = Vec::new();
        write_report(&mut out, &report).unwrap();
        let text = String::from_utf8(out).unwrap();
        for section in [
            "PYRAMID REPORT",
            "WHOLE PORTFOLIO (0 partners)",
            "Health: 0/100, NO_DATA",
            "[info] NO_PARTNERS",
            "Layers, base first",
            "Shape: EMPTY",
            "Effort allocation",
            "Cost of sale by stage",
            "Journey: 0 partners",
            "Model A tier x relationship stage",
            "Partners per warning code, by stage",
        ] {
            assert!(text.contains(section), "{section} missing from\n{text}");
        }
        assert!(!text.contains("GROUPS"));
        assert!(!text.contains("REJECTED"));
    }
}
