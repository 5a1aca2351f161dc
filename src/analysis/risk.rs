//! Delivery risk: the probability that a node fails to deliver, combining its own risk with the
//! risk of everything it depends on.

use crate::graph::Graph;
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
    let n = g.n;
    // Own risk and a fixed outcome (done: 0, cancelled: 1), read once in file order.
    let mut own = vec![0f64; n];
    let mut fixed = vec![f64::NAN; n];
    for (v, node) in model.nodes.iter().enumerate() {
        own[v] = node.attrs().risk().unwrap_or(0.0);
        if node.kind == NodeKind::Initiative {
            match node.status() {
                Status::Done => {
                    own[v] = 0.0;
                    fixed[v] = 0.0;
                }
                Status::Cancelled => fixed[v] = 1.0,
                _ => {}
            }
        }
    }
    let mut p = vec![0f64; n];
    let dag = g.needs.dag();
    for &v in &g.needs.order {
        let vi = v as usize;
        if !fixed[vi].is_nan() {
            p[vi] = fixed[vi];
            continue;
        }
        let mut q = 1.0 - own[vi];
        for &u in dag.targets(v) {
            q *= 1.0 - p[u as usize];
        }
        p[vi] = 1.0 - q;
    }
    (own, p)
}
