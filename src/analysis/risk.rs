//! Delivery risk: the probability that a node fails to deliver, combining its own risk with the
//! risk of everything it depends on.

use super::whatif::Toggles;
use crate::graph::{Csr, Graph};
use crate::model::{Model, NodeKind, Status};

/// Own and propagated failure probability of every node.
///
/// `p[v] = 1 - (1 - own[v]) * prod over v depends_on u of (1 - p[u])`, computed in dependency
/// order. Done initiatives have delivered (p = 0); cancelled initiatives will not (p = 1), so
/// what depends on them cannot be delivered either. The product assumes independent failures;
/// where two dependencies share a dependency of their own (a diamond), that shared risk is
/// counted once per path and p overestimates the true probability.
///
/// Complexity: O(n + m_depends_on).
pub fn delivery_risk(model: &Model, g: &Graph) -> (Vec<f64>, Vec<f64>) {
    delivery_risk_with(model, g, &Toggles::default())
}

/// [`delivery_risk`] with the statuses the what-if `toggles` give.
pub fn delivery_risk_with(model: &Model, g: &Graph, toggles: &Toggles) -> (Vec<f64>, Vec<f64>) {
    let n = g.n;
    // Own risk and a fixed outcome (done: 0, cancelled: 1), read once in file order.
    let mut own = vec![0f64; n];
    let mut fixed = vec![f64::NAN; n];
    for v in 0..model.nodes.len() {
        (own[v], fixed[v]) = own_and_fixed(model, toggles, v as u32);
    }
    let mut p = vec![0f64; n];
    let dag = g.needs.dag();
    // Each node reads only what it depends on: any processing order gives the same bits, and
    // the sweep's order walks the arrays mostly forward.
    for &v in g.needs.sweep_order() {
        p[v as usize] = propagate(dag, &p, own[v as usize], fixed[v as usize], v);
    }
    (own, p)
}

/// A node's own risk (0 for a done initiative) and its fixed outcome: 0 when done, 1 when
/// cancelled, NaN when its delivery risk is propagated. When the model opts in
/// (`earned_value_risk`), an initiative's own risk is raised by a poor SPI or CPI
/// ([`crate::lens::earned_value::raised_risk`]).
pub fn own_and_fixed(model: &Model, toggles: &Toggles, v: u32) -> (f64, f64) {
    let node = &model.nodes[v as usize];
    let mut own = node.attrs().risk().unwrap_or(0.0);
    if node.kind == NodeKind::Initiative {
        own = crate::lens::earned_value::raised_risk(model, v, own);
        match toggles.status(model, v) {
            Status::Done => return (0.0, 0.0),
            Status::Cancelled => return (own, 1.0),
            _ => {}
        }
    }
    (own, f64::NAN)
}

/// The delivery risk of `v` from its own risk, its fixed outcome and the delivery risk `p` of
/// what it depends on (the cycle-cut `dag`). The one formula the full pass and a what-if
/// update both use, so they give the same bits.
#[inline]
pub fn propagate(dag: &Csr, p: &[f64], own: f64, fixed: f64, v: u32) -> f64 {
    if !fixed.is_nan() {
        return fixed;
    }
    let mut q = 1.0 - own;
    for &u in dag.targets(v) {
        q *= 1.0 - p[u as usize];
    }
    1.0 - q
}
