//! The IT-management lenses of the working model (what-if toggles applied): money, the
//! application portfolio, the capability map, operations (availability and security exposure),
//! earned value and people, in one answer for the page's views; the threats to goals on request.

use super::Workspace;
use crate::lens;
use serde_json::{Value, json};

impl Workspace {
    /// `{finance, costs, applications, capabilities, operations, earned_value, people,
    /// diagnostics}` as the commands `finance`, `costs`, `applications`, `capabilities`,
    /// `operations`, `earned-value` and `people` write them, for the scored model; `today` (the
    /// page's date) counts only when the model has no `as_of` of its own. Bad values are
    /// diagnostics (with their places) and are left out of the figures; nothing fails.
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
        let (mut people, mut d) = lens::people::people(m, &scores.graph);
        diags.append(&mut d);
        // The page's skills matrix: who supports what, at which proficiency.
        people["skills"] = lens::people::skills(m);
        json!({
            "finance": finance,
            "costs": costs,
            "applications": apps.json,
            "capabilities": capabilities["capabilities"],
            "operations": operations,
            "earned_value": earned_value,
            "people": people,
            "diagnostics": diags,
        })
    }

    /// The threats to goals of the scored model (`aligngraph threats`: `{kinds, goals, totals,
    /// diagnostics}`); `today` as for [`Workspace::lenses`].
    pub fn threats(&mut self, today: Option<&str>) -> Value {
        let (m, scores) = self.analysed();
        let as_of = if m.extra.contains_key("as_of") {
            None
        } else {
            today
        };
        let (mut out, diags) = lens::threats::section(m, scores, as_of);
        out["diagnostics"] = json!(diags);
        out
    }
}
