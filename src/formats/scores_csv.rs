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

/// The numeric columns: every column after `id, kind, name, status`; the GraphML writer
/// declares the same.
pub(crate) const NUMERIC: &[&str] = COLUMNS.split_at(4).1;

/// The values of the [`NUMERIC`] columns for each node of a report.
pub(crate) struct NodeValues<'r> {
    model: &'r crate::Model,
    s: &'r crate::analysis::Scores,
    /// Position of each node in the goal arrays (`usize::MAX` for a node that is not a goal).
    goal_index: Vec<usize>,
}

impl<'r> NodeValues<'r> {
    pub(crate) fn new(report: &'r Report<'_>) -> NodeValues<'r> {
        let model = report.source();
        let s = report.scores();
        let mut goal_index = vec![usize::MAX; model.nodes.len()];
        for (gi, &v) in s.goals.iter().enumerate() {
            goal_index[v as usize] = gi;
        }
        NodeValues {
            model,
            s,
            goal_index,
        }
    }

    /// The status column of node `i`: its status for an initiative, else `None`.
    pub(crate) fn status(&self, i: usize) -> Option<&'static str> {
        let node = &self.model.nodes[i];
        (node.kind == crate::NodeKind::Initiative).then(|| node.status().as_str())
    }

    /// The [`NUMERIC`] values of node `i`, `None` where a column does not apply (e.g.
    /// `coverage` for a node that is not a goal, `exposure` for one that is not an active
    /// initiative).
    pub(crate) fn row(&self, i: usize) -> [Option<f64>; 11] {
        let (node, s) = (&self.model.nodes[i], self.s);
        let cost = node.attrs().cost();
        let gi = self.goal_index[i];
        let goal = |v: &[f64]| (gi != usize::MAX).then(|| v[gi]);
        [
            cost,
            Some(s.alignment[i]),
            Some(s.conflict(i as u32)),
            Some(s.own_risk[i]),
            Some(s.delivery_risk[i]),
            node.is_active_initiative()
                .then(|| s.delivery_risk[i] * cost.unwrap_or(0.0)),
            s.top[i].then(|| s.weight_of(i as u32)),
            goal(&s.coverage),
            goal(&s.expected_coverage),
            Some(s.pagerank().rank[i]),
            s.betweenness.as_ref().map(|b| b[i]),
        ]
    }
}

/// A number in full precision; empty when not applicable or not finite.
fn cell(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => x.to_string(),
        _ => String::new(),
    }
}

/// Writes the scores of `report` as CSV to `w`.
///
/// Errors: only those of the writer. Complexity: O(n).
pub fn write<W: std::io::Write>(report: &Report, w: W) -> csv::Result<()> {
    let model = report.source();
    let values = NodeValues::new(report);
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS)?;
    let mut record: Vec<String> = Vec::with_capacity(COLUMNS.len());
    for (i, node) in model.nodes.iter().enumerate() {
        record.clear();
        record.push(node.id.to_string());
        record.push(node.kind.as_str().to_string());
        record.push(node.name.as_deref().unwrap_or("").to_string());
        record.push(values.status(i).unwrap_or("").to_string());
        record.extend(values.row(i).into_iter().map(cell));
        crate::formats::csv_cell::write_record(&mut out, &record)?;
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
