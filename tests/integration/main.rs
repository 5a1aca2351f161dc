//! Integration tests, one binary: the published oracles, the worked examples of
//! docs/scoring.md, the command line, bad input, properties, and cross-checks of the graph
//! algorithms against independent implementations.

mod archi;
mod bad_input;
mod cli;
mod coarchi;
mod common;
mod cross_check;
mod decisions;
mod diff;
mod docs_examples;
mod edit;
mod exchange;
mod gaps;
mod graphml;
mod hostile;
mod hostile_cmds;
mod hostile_data;
mod hostile_xml;
mod incremental;
mod interop_cli;
mod layout;
mod lenses;
mod mapping;
mod optimize;
mod oracles;
mod plain_csv;
mod priority;
mod properties;
mod publish;
mod regression;
mod schedule;
mod schema;
mod simulate;
mod stream;
mod workspace;
mod xlsx;
