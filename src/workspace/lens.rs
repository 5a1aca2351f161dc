//! The IT-management lenses of the working model (what-if toggles applied): money, the
//! application portfolio, the capability map, operations (availability and security exposure)
//! and earned value, in one answer for the page's views.

use super::Workspace;
use crate::lens;
use serde_json::{Value, json};

impl Workspace {
    /// `{finance, costs, applications, capabilities, operations, earned_value, diagnostics}` as
    /// the commands `finance`, `costs`, `applications`, `capabilities`, `operations` and
    /// `earned-value` write them, for the scored model; `today` (the page's date) counts only
    /// when the model has no `as_of` of its own. Bad values are diagnostics (with their places)
    /// and are left out of the figures; nothing fails.
    pub fn lenses(&mut self, today: Option<&str>) -> Value {
        let (m, scores) = self.analysed();
        let as_of = if m.extra.contains_key("as_of") {
            None
        } else {
            today
        };
        let (finance, mut diags) = lens::finance::finance(m, None, None);
        let (costs, mut d) = lens::costs::costs(m, scores);
        diags.append(&mut d);
        let mut spend_diags = Vec::new();
        let spend = lens::costs::spend(m, &mut spend_diags);
        let (apps, mut d) = lens::applications::applications(m, as_of);
        diags.append(&mut d);
        let capabilities = lens::capabilities::capabilities(m, scores, &spend, &apps);
        let (operations, mut d) = lens::operations::operations(m, &scores.graph);
        diags.append(&mut d);
        let (earned_value, mut d) = lens::earned_value::earned_value(m);
        diags.append(&mut d);
        json!({
            "finance": finance,
            "costs": costs,
            "applications": apps.json,
            "capabilities": capabilities["capabilities"],
            "operations": operations,
            "earned_value": earned_value,
            "diagnostics": diags,
        })
    }
}
