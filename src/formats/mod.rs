//! Reading and writing formats other than the native model JSON: ArchiMate (Open Group
//! exchange XML, Archi's `.archimate` and CSV export), plain CSV, Excel workbooks, GraphML, scores CSV, and the
//! single-file dashboard with its static fallback.

pub mod archi;
pub mod archi_csv;
pub mod archimate;
pub mod coarchi;
pub mod csv_cell;
pub mod exchange;
pub mod export;
pub mod fallback;
pub mod graphml;
pub mod html;
pub mod import;
pub mod limits;
pub mod lines;
pub mod mapping;
pub mod plain_csv;
pub mod scores_csv;
pub mod text;
pub mod xlsx;
pub mod xml_guard;
