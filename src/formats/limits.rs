//! The bounds every reader keeps, so that no input file, however made, can exhaust memory, run
//! for unbounded time or crash the tab that reads it. There are two sets: [`Limits::CLI`] for the
//! command line (a workstation or a server with gigabytes to spare) and [`Limits::PAGE`] for the
//! dashboard (one browser tab, whose Wasm memory and JS heap are far smaller). Each limit, its
//! reason, the error a user sees and how to raise it are listed in `docs/limits.md`.
//!
//! Every limit is checked before the memory it guards is allocated, and a refused input gets one
//! `LIMIT_EXCEEDED` diagnostic naming the place (file, element id, line) and the count found.

/// The bounds of one import or load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Bytes of one input file (checked while reading, before the whole file is held).
    pub file_bytes: u64,
    /// Bytes a zip entry may inflate to.
    pub inflated_bytes: u64,
    /// Bytes of one text value: a name, a documentation, a property value or an id.
    pub string_bytes: usize,
    /// Elements (model nodes).
    pub nodes: usize,
    /// Relationships (model edges), counting those derived through junctions.
    pub edges: usize,
    /// Relationships derived through junctions (sources x targets of each junction group).
    pub junction_edges: usize,
    /// Attributes of one XML element.
    pub attributes: usize,
    /// Nesting depth of XML elements.
    pub xml_depth: usize,
}

impl Limits {
    /// The command line's limits.
    pub const CLI: Limits = Limits {
        file_bytes: 2 * 1024 * 1024 * 1024,
        inflated_bytes: 512 * 1024 * 1024,
        string_bytes: 16 * 1024 * 1024,
        nodes: 5_000_000,
        edges: 25_000_000,
        // A derived relationship costs about 0.9 KB of model (measured: 1,000,000 through one
        // junction take 0.93 GB), so 2,000,000 stay under 2 GB.
        junction_edges: 2_000_000,
        // The XML parser checks an element's attributes for duplicates pairwise: at 10,000 one
        // element costs 0.3 s; at 100 a file of such elements parses as fast as any other.
        attributes: 100,
        xml_depth: 10_000,
    };

    /// The page's limits (one browser tab).
    pub const PAGE: Limits = Limits {
        file_bytes: 128 * 1024 * 1024,
        inflated_bytes: 128 * 1024 * 1024,
        string_bytes: 1024 * 1024,
        nodes: 250_000,
        edges: 2_000_000,
        junction_edges: 500_000,
        // The XML parser checks an element's attributes for duplicates pairwise: at 10,000 one
        // element costs 0.3 s; at 100 a file of such elements parses as fast as any other.
        attributes: 100,
        xml_depth: 10_000,
    };

    /// The page's limits for a JSON model read in chunks ([`crate::model::ModelStream`]): its
    /// bytes are never held whole, so the file may be as long as the command line's, and the
    /// counts are those of a model a tab holds (1,000,000 nodes and 5,000,000 edges measured in
    /// docs/performance.md, with room to spare). Every other format keeps [`Limits::PAGE`].
    pub const PAGE_STREAM: Limits = Limits {
        file_bytes: 2 * 1024 * 1024 * 1024,
        nodes: 2_000_000,
        edges: 10_000_000,
        ..Limits::PAGE
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::CLI
    }
}
