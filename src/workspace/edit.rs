//! Edits of the working model (the page's forms, undo and redo): [`crate::model::edit`] applied
//! in place, the what-if toggles and the loader's warnings kept in step, the scores made again.

use super::{Workspace, WorkspaceError};
use crate::analysis::Toggles;
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::limits::Limits;
use crate::model::edit::{self, Effect};
use serde::Serialize;
use serde_json::Value;

/// An applied edit, as the page gets it.
#[derive(Debug, Clone, Serialize)]
pub struct Edited {
    /// The edit that undoes it.
    pub inverse: Value,
    /// The loader's warnings about what was written (an edge from a node to itself).
    pub diagnostics: Vec<Diagnostic>,
    /// True when node ids, names, kinds or their order, or the model's name, changed (the page
    /// reads them again).
    pub structure: bool,
}

impl Workspace {
    /// Applies an edit ([`crate::model::edit`]) to the working model within `limits`: its
    /// inverse, or `INVALID_EDIT` with every diagnostic (the model unchanged). The what-if
    /// toggles of nodes that still exist are kept (a toggle that now equals the file's status is
    /// dropped); the next score starts from scratch.
    pub fn edit(&mut self, op: &Value, limits: &Limits) -> Result<Edited, WorkspaceError> {
        let done = edit::apply(&mut self.model, op, limits).map_err(WorkspaceError::InvalidEdit)?;
        let mut edges_changed = false;
        for e in &done.effects {
            match *e {
                Effect::NodeInserted(i) => self.toggles = shifted(&self.toggles, i, None),
                Effect::NodeRemoved(i) => self.toggles = shifted(&self.toggles, i, Some(i)),
                Effect::NodeChanged(i) => {
                    if let Some(on) = self.toggles.get(i) {
                        let node = &self.model.nodes[i as usize];
                        if !edit::toggles_apply(node.kind) || node.is_active_initiative() == on {
                            self.toggles.set(i, None);
                        }
                    }
                }
                Effect::EdgesChanged => edges_changed = true,
                Effect::ModelChanged => {}
            }
            if matches!(e, Effect::NodeInserted(_) | Effect::NodeRemoved(_)) {
                edges_changed = true;
            }
        }
        if edges_changed {
            self.self_loops_again();
        }
        self.edited();
        Ok(Edited {
            structure: done.structure(op),
            inverse: done.inverse,
            diagnostics: done.warnings,
        })
    }

    /// The diagnostics an edit would get (errors and warnings; none when it applies cleanly),
    /// without changing anything: what a form shows as a person types.
    pub fn check_edit(&mut self, op: &Value, limits: &Limits) -> Vec<Diagnostic> {
        edit::check(&mut self.model, op, limits)
    }

    /// The loader's self-loop warnings for the edges as they are now (edge indices move when
    /// edges or nodes are added or deleted).
    fn self_loops_again(&mut self) {
        self.loaded.retain(|d| d.code != Code::SelfLoop);
        for (k, e) in self.model.edges.iter().enumerate() {
            if e.from == e.to {
                self.loaded.push(Diagnostic::warning(
                    Code::SelfLoop,
                    Place {
                        pointer: Some(format!("/edges/{k}")),
                        edge: Some(k),
                        ..Place::default()
                    },
                    "edge from a node to itself; it is ignored in scoring",
                ));
            }
        }
    }
}

/// The toggles after a node was inserted at `at` (`removed` None) or removed from it.
fn shifted(t: &Toggles, at: u32, removed: Option<u32>) -> Toggles {
    let mut out = Toggles::new();
    for (v, on) in t.iter() {
        let v = match removed {
            Some(r) if v == r => continue,
            Some(r) if v > r => v - 1,
            None if v >= at => v + 1,
            _ => v,
        };
        out.set(v, Some(on));
    }
    out
}
