//! Goal weights by the Analytic Hierarchy Process (Saaty): from a pairwise comparison matrix on
//! the 1-9 scale, the principal right eigenvector (the weights), lambda_max, the consistency
//! index and ratio, and the judgement that is most out of line with the weights.
//!
//! ```
//! use aligngraph::decide::ahp;
//! let r = ahp::ahp(&[vec![1.0, 2.0], vec![0.5, 1.0]], None).unwrap();
//! assert!((r.weights[0] - 2.0 / 3.0).abs() < 1e-12);
//! assert_eq!(r.cr, 0.0);
//! ```

use super::Error;
use crate::diagnostics::{Code, Diagnostic, Place, number};
use serde::Serialize;
use serde_json::Value;

/// Saaty's classic random index RI(n) for n = 1..=15.
pub const RANDOM_INDEX: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// The largest matrix the random-index table covers.
pub const MAX_ITEMS: usize = RANDOM_INDEX.len();

/// Judgements are consistent enough when CR is at most this.
pub const CR_LIMIT: f64 = 0.10;

/// a_ij x a_ji may differ from 1 by this factor (so two-decimal reciprocals such as 3 and 0.33
/// are accepted).
pub const RECIPROCAL_TOLERANCE: f64 = 0.05;

/// The judgement most out of line with the weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    /// Row of the judgement (0-based).
    pub row: usize,
    /// Column of the judgement (0-based).
    pub col: usize,
    /// Label of the row item.
    pub row_label: String,
    /// Label of the column item.
    pub col_label: String,
    /// The judgement a_row,col as given.
    pub judgement: f64,
    /// What the weights imply: w_row / w_col.
    pub implied: f64,
    /// The value of the 1-9 scale (or its reciprocal) nearest to `implied`.
    pub suggested: f64,
}

/// The result of AHP on one matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ahp {
    /// Item labels (given, or "1", "2", ...).
    pub labels: Vec<String>,
    /// Principal eigenvector, normalised to sum 1.
    pub weights: Vec<f64>,
    /// The Perron root.
    pub lambda_max: f64,
    /// Consistency index (lambda_max - n) / (n - 1); 0 for n <= 1.
    pub ci: f64,
    /// Consistency ratio CI / RI(n); 0 for n <= 2.
    pub cr: f64,
    /// The random index used.
    pub ri: f64,
    /// Always "saaty-classic".
    pub ri_table: &'static str,
    /// CR <= 0.10.
    pub consistent: bool,
    /// The judgement most out of line with the weights (None for n <= 2).
    pub most_inconsistent: Option<Judgement>,
}

fn matrix_error(pointer: String, message: String) -> Error {
    Diagnostic::error(
        Code::InvalidMatrix,
        Place {
            pointer: Some(pointer),
            ..Place::default()
        },
        message,
    )
}

/// The largest judgement (and 1 / it the smallest): far beyond Saaty's 9, and small enough that
/// the eigenvector and CR of up to the largest matrix stay finite.
pub const MAX_JUDGEMENT: f64 = 1e6;

/// Checks a matrix: square, 1..=15 rows, positive entries between 1 / [`MAX_JUDGEMENT`] and
/// [`MAX_JUDGEMENT`], ones on the diagonal, reciprocal within [`RECIPROCAL_TOLERANCE`].
pub fn check(matrix: &[Vec<f64>]) -> Result<(), Error> {
    let n = matrix.len();
    if n == 0 {
        return Err(matrix_error(
            "/matrix".into(),
            "the matrix is empty: give one row per item".into(),
        ));
    }
    if n > MAX_ITEMS {
        return Err(matrix_error(
            "/matrix".into(),
            format!(
                "the matrix has {n} rows; Saaty's random index covers at most {MAX_ITEMS} items (group them into a hierarchy)"
            ),
        ));
    }
    for (i, row) in matrix.iter().enumerate() {
        if row.len() != n {
            return Err(matrix_error(
                format!("/matrix/{i}"),
                format!(
                    "row {} has {} entries; the matrix has {n} rows, so it must be {n} x {n}",
                    i + 1,
                    row.len()
                ),
            ));
        }
        for (j, &a) in row.iter().enumerate() {
            if !a.is_finite() || a <= 0.0 {
                return Err(matrix_error(
                    format!("/matrix/{i}/{j}"),
                    format!(
                        "entry ({}, {}) is {}; every judgement must be a positive number (1/9 to 9 on Saaty's scale)",
                        i + 1,
                        j + 1,
                        number(a)
                    ),
                ));
            }
            if !(1.0 / MAX_JUDGEMENT..=MAX_JUDGEMENT).contains(&a) {
                return Err(matrix_error(
                    format!("/matrix/{i}/{j}"),
                    format!(
                        "entry ({}, {}) is {}; a judgement must be between 1/{max} and {max} (Saaty's scale runs from 1/9 to 9), so the weights stay finite",
                        i + 1,
                        j + 1,
                        number(a),
                        max = number(MAX_JUDGEMENT)
                    ),
                ));
            }
        }
        if (row[i] - 1.0).abs() > 1e-9 {
            return Err(matrix_error(
                format!("/matrix/{i}/{i}"),
                format!(
                    "diagonal entry ({0}, {0}) is {1}; an item compared with itself is 1",
                    i + 1,
                    row[i]
                ),
            ));
        }
    }
    let limit = (1.0 + RECIPROCAL_TOLERANCE).ln();
    for (i, row) in matrix.iter().enumerate() {
        for (j, other) in matrix.iter().enumerate().skip(i + 1) {
            let (a, b) = (row[j], other[i]);
            if (a * b).ln().abs() > limit {
                return Err(matrix_error(
                    format!("/matrix/{j}/{i}"),
                    format!(
                        "the matrix is not reciprocal: entry ({}, {}) is {a}, so entry ({}, {}) must be 1/{a} = {:.4}, not {b}",
                        i + 1,
                        j + 1,
                        j + 1,
                        i + 1,
                        1.0 / a
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The principal right eigenvector of a positive matrix by power iteration (normalised to sum
/// 1) and its eigenvalue. Converges for every positive matrix (Perron-Frobenius).
fn principal(matrix: &[Vec<f64>]) -> (Vec<f64>, f64) {
    let n = matrix.len();
    let mut w = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut lambda = n as f64;
    for _ in 0..100_000 {
        for (i, row) in matrix.iter().enumerate() {
            next[i] = row.iter().zip(&w).map(|(a, x)| a * x).sum();
        }
        // Since w sums to 1, the sum of A w is the eigenvalue estimate.
        lambda = next.iter().sum();
        let mut change: f64 = 0.0;
        for i in 0..n {
            let x = next[i] / lambda;
            change = change.max((x - w[i]).abs());
            w[i] = x;
        }
        if change < 1e-15 {
            break;
        }
    }
    (w, lambda)
}

/// The value of Saaty's scale (1/9 .. 1 .. 9) nearest to `x` on a log scale.
pub fn nearest_scale_value(x: f64) -> f64 {
    let k = x.max(1.0 / x).ln();
    let mut best = 1.0;
    let mut best_d = f64::INFINITY;
    for s in 1..=9 {
        let d = ((s as f64).ln() - k).abs();
        if d < best_d {
            best_d = d;
            best = s as f64;
        }
    }
    if x < 1.0 { 1.0 / best } else { best }
}

/// AHP on a checked matrix; `labels` (one per row) name the items.
pub fn ahp(matrix: &[Vec<f64>], labels: Option<&[String]>) -> Result<Ahp, Error> {
    check(matrix)?;
    let n = matrix.len();
    let labels: Vec<String> = match labels {
        Some(l) if l.len() == n => l.to_vec(),
        Some(l) => {
            return Err(Diagnostic::error(
                Code::InvalidValue,
                Place {
                    pointer: Some("/labels".into()),
                    field: Some("labels".into()),
                    ..Place::default()
                },
                format!(
                    "{} label(s) for a {n} x {n} matrix; give one label per row",
                    l.len()
                ),
            ));
        }
        None => (1..=n).map(|i| i.to_string()).collect(),
    };
    let (weights, lambda_max) = principal(matrix);
    let ci = if n > 1 {
        ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0)
    } else {
        0.0
    };
    let ri = RANDOM_INDEX[n - 1];
    let cr = if n > 2 { ci / ri } else { 0.0 };
    let mut most: Option<(f64, usize, usize)> = None;
    if n > 2 {
        for i in 0..n {
            for j in i + 1..n {
                let dev = (matrix[i][j] * weights[j] / weights[i]).ln().abs();
                if most.is_none_or(|(d, _, _)| dev > d + 1e-12) {
                    most = Some((dev, i, j));
                }
            }
        }
    }
    let most_inconsistent = most.map(|(_, i, j)| {
        let implied = weights[i] / weights[j];
        Judgement {
            row: i,
            col: j,
            row_label: labels[i].clone(),
            col_label: labels[j].clone(),
            judgement: matrix[i][j],
            implied,
            suggested: nearest_scale_value(implied),
        }
    });
    Ok(Ahp {
        labels,
        weights,
        lambda_max,
        ci,
        cr,
        ri,
        ri_table: "saaty-classic",
        consistent: cr <= CR_LIMIT,
        most_inconsistent,
    })
}

/// The input of `aligngraph ahp`: `{"matrix": [[...]], "labels": [...]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The pairwise comparison matrix.
    pub matrix: Vec<Vec<f64>>,
    /// Item labels, if given.
    pub labels: Option<Vec<String>>,
}

fn wrong_type(pointer: &str, message: String) -> Error {
    Diagnostic::error(
        Code::WrongType,
        Place {
            pointer: Some(pointer.to_string()),
            ..Place::default()
        },
        message,
    )
}

/// Reads the input of `aligngraph ahp`, naming the line and column of a JSON error and the JSON
/// pointer of a wrong value.
pub fn parse_input(text: &str) -> Result<Input, Error> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            Code::InvalidJson,
            Place {
                line: Some(e.line()),
                column: Some(e.column()),
                ..Place::default()
            },
            format!("not valid JSON: {e}"),
        )
    })?;
    let Value::Object(obj) = v else {
        return Err(wrong_type(
            "",
            "the input must be an object {\"matrix\": [[...]], \"labels\": [...]}".into(),
        ));
    };
    let Some(rows) = obj.get("matrix") else {
        return Err(Diagnostic::error(
            Code::MissingField,
            Place {
                field: Some("matrix".into()),
                ..Place::default()
            },
            "the input has no \"matrix\"",
        ));
    };
    let Value::Array(rows) = rows else {
        return Err(wrong_type(
            "/matrix",
            "\"matrix\" must be an array of rows".into(),
        ));
    };
    let mut matrix = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let Value::Array(cells) = row else {
            return Err(wrong_type(
                &format!("/matrix/{i}"),
                format!("row {} must be an array of numbers", i + 1),
            ));
        };
        let mut out = Vec::with_capacity(cells.len());
        for (j, c) in cells.iter().enumerate() {
            match c.as_f64() {
                Some(x) => out.push(x),
                None => {
                    return Err(wrong_type(
                        &format!("/matrix/{i}/{j}"),
                        format!("entry ({}, {}) must be a number, found {c}", i + 1, j + 1),
                    ));
                }
            }
        }
        matrix.push(out);
    }
    let labels = match obj.get("labels") {
        None | Some(Value::Null) => None,
        Some(Value::Array(ls)) => {
            let mut out = Vec::with_capacity(ls.len());
            for (i, l) in ls.iter().enumerate() {
                match l {
                    Value::String(s) => out.push(s.clone()),
                    _ => {
                        return Err(wrong_type(
                            &format!("/labels/{i}"),
                            format!("label {} must be a string", i + 1),
                        ));
                    }
                }
            }
            Some(out)
        }
        Some(_) => {
            return Err(wrong_type(
                "/labels",
                "\"labels\" must be an array of strings".into(),
            ));
        }
    };
    Ok(Input { matrix, labels })
}
