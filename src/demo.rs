//! The built-in demo portfolio: Northwind Mobility, a mid-size e-bike and scooter company
//! (8 goals in four scorecard perspectives, 28 capabilities, Porter's value chain, 40
//! applications, 32 initiatives), with a few deliberate problems to find.

/// The demo model as JSON text.
pub const DEMO_JSON: &str = include_str!("../data/demo-model.json");

/// The demo model, loaded.
pub fn model() -> crate::Model {
    crate::model::load_json(DEMO_JSON).0
}
