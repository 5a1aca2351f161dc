//! The scores of every node as CSV (one row per node, in model order), for spreadsheets.
//!
//! Columns: `id, kind, name, status, cost, alignment, conflict, own_risk, delivery_risk,
//! exposure, goal_weight, coverage, expected_coverage, pagerank, betweenness`. Empty cells mean
//! "not applicable" (e.g. `coverage` for a node that is not a goal, `status` for a node that is
//! not an initiative). Numbers are written in full precision.

use crate::analysis::Report;

/// The header row.
pub const COLUMNS: [&str; 15] = [
    "id",
    "kind",
    "name",
    "status",
    "cost",
    "alignment",
    "conflict",
    "own_risk",
    "delivery_risk",
    "exposure",
    "goal_weight",
    "coverage",
    "expected_coverage",
    "pagerank",
    "betweenness",
];

fn num(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// Writes the scores of `report` as CSV to `w`.
///
/// Errors: only those of the writer. Complexity: O(n).
pub fn write<W: std::io::Write>(report: &Report, w: W) -> csv::Result<()> {
    let model = report.source();
    let s = report.scores();
    let mut goal_index = vec![usize::MAX; model.nodes.len()];
    for (gi, &v) in s.goals.iter().enumerate() {
        goal_index[v as usize] = gi;
    }
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS)?;
    for (i, node) in model.nodes.iter().enumerate() {
        let a = node.attrs();
        let initiative = node.kind == crate::NodeKind::Initiative;
        let gi = goal_index[i];
        let exposure = if node.is_active_initiative() {
            num(s.delivery_risk[i] * a.cost().unwrap_or(0.0))
        } else {
            String::new()
        };
        let goal = |v: &[f64]| {
            if gi == usize::MAX {
                String::new()
            } else {
                num(v[gi])
            }
        };
        out.write_record([
            node.id.to_string(),
            node.kind.as_str().to_string(),
            node.name.as_deref().unwrap_or("").to_string(),
            if initiative {
                node.status().as_str().to_string()
            } else {
                String::new()
            },
            opt(a.cost()),
            num(s.alignment[i]),
            num(s.conflict[i]),
            num(s.own_risk[i]),
            num(s.delivery_risk[i]),
            exposure,
            if s.top[i] {
                num(s.weight[i])
            } else {
                String::new()
            },
            goal(&s.coverage),
            goal(&s.expected_coverage),
            num(s.pagerank.rank[i]),
            s.betweenness
                .as_ref()
                .map(|b| num(b[i]))
                .unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The scores of `report` as a CSV string.
pub fn to_string(report: &Report) -> csv::Result<String> {
    let mut buf = Vec::new();
    write(report, &mut buf)?;
    Ok(String::from_utf8(buf).expect("CSV of UTF-8 fields is UTF-8"))
}
