//! Every export format behind one call, shared by the CLI and the page.

use crate::analysis::Report;
use crate::formats::{exchange, graphml, mapping, plain_csv, scores_csv};
use crate::model;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Open Group ArchiMate exchange XML with the scores as properties.
    Exchange,
    /// nodes.csv, edges.csv and scores.csv.
    Csv,
    /// GraphML with the scores as data keys.
    Graphml,
    /// The aligngraph JSON model.
    Json,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Exchange,
        ExportFormat::Csv,
        ExportFormat::Graphml,
        ExportFormat::Json,
    ];

    /// The name on the command line and in the page.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Exchange => "exchange",
            ExportFormat::Csv => "csv",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Json => "json",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One exported file.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFile {
    /// Suggested file name.
    pub name: String,
    /// MIME type.
    pub mime: &'static str,
    /// Content.
    pub text: String,
}

/// The files of `format` for the scored model of `report` (`stem` names them, e.g. the model's
/// name); `lang` tags names in the exchange format.
///
/// Complexity: linear in the model.
pub fn export(
    report: &Report,
    format: ExportFormat,
    stem: &str,
    lang: Option<&str>,
) -> Vec<ExportFile> {
    let m = report.source();
    let file = |name: String, mime, text| ExportFile { name, mime, text };
    match format {
        ExportFormat::Json => vec![file(
            format!("{stem}.json"),
            "application/json",
            model::to_json(m),
        )],
        ExportFormat::Graphml => vec![file(
            format!("{stem}.graphml"),
            "application/graphml+xml",
            graphml::write(report),
        )],
        ExportFormat::Exchange => {
            let ir = mapping::from_model(m, Some(report));
            vec![file(
                format!("{stem}.xml"),
                "application/xml",
                exchange::write(&ir, lang),
            )]
        }
        ExportFormat::Csv => {
            let (nodes, edges) = plain_csv::write(m);
            let scores = scores_csv::to_string(report).unwrap_or_default();
            vec![
                file("nodes.csv".into(), "text/csv", nodes),
                file("edges.csv".into(), "text/csv", edges),
                file("scores.csv".into(), "text/csv", scores),
            ]
        }
    }
}
