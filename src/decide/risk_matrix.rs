//! The probability x impact matrix (PMBOK): each cell is the exact decimal product of a
//! probability and an impact, rounded half-up to two decimals.
//!
//! Rounding the binary product goes wrong on exact ties: 0.7 x 0.05 is 0.034999... as a double,
//! so `round(p * i, 2)` gives 0.03 where the exact product 0.035 rounds to 0.04. Here both
//! factors are read as the shortest decimals that round-trip (what the user wrote), multiplied
//! as integers and rounded in decimal.
//!
//! ```
//! use aligngraph::decide::risk_matrix::cell;
//! assert_eq!(cell(0.7, 0.05), Some(0.04));
//! assert_eq!(cell(0.9, 0.8), Some(0.72));
//! ```

use serde::Serialize;

/// A finite decimal as digits x 10^-scale.
fn decimal(x: f64) -> Option<(i128, u32)> {
    if !x.is_finite() {
        return None;
    }
    // Rust prints the shortest text that reads back as the same double, without exponent for
    // ordinary magnitudes; `{:e}` handles the rest.
    let text = format!("{:e}", x);
    let (mant, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let negative = mant.starts_with('-');
    let mant = mant.trim_start_matches('-');
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    let scale = frac.len() as i32 - exp;
    let (digits, scale) = if scale < 0 {
        (digits.checked_mul(10i128.checked_pow((-scale) as u32)?)?, 0)
    } else {
        (digits, scale as u32)
    };
    if scale > 30 {
        return None;
    }
    Some((if negative { -digits } else { digits }, scale))
}

/// The exact decimal product of `p` and `i` rounded half-up (away from zero) to `places`
/// decimals; None for non-finite input or digits beyond exact integer range.
pub fn product_rounded(p: f64, i: f64, places: u32) -> Option<f64> {
    let (a, sa) = decimal(p)?;
    let (b, sb) = decimal(i)?;
    let prod = a.checked_mul(b)?;
    let scale = sa + sb;
    let value = if scale <= places {
        prod.checked_mul(10i128.checked_pow(places - scale)?)?
    } else {
        let div = 10i128.checked_pow(scale - places)?;
        let q = prod / div;
        let r = (prod % div).abs();
        if 2 * r >= div { q + prod.signum() } else { q }
    };
    format!("{}e-{places}", value).parse().ok()
}

/// One cell of the matrix: probability x impact rounded half-up to two decimals.
pub fn cell(probability: f64, impact: f64) -> Option<f64> {
    product_rounded(probability, impact, 2)
}

/// The matrix for a list of probabilities (rows) and impacts (columns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// Row labels: the probabilities.
    pub probability: Vec<f64>,
    /// Column labels: the impacts.
    pub impact: Vec<f64>,
    /// cells[r][c] = probability[r] x impact[c], rounded half-up to two decimals.
    pub cells: Vec<Vec<f64>>,
    /// The unrounded products.
    pub products: Vec<Vec<f64>>,
}

/// Builds the matrix; None when a value is not finite.
pub fn matrix(probability: &[f64], impact: &[f64]) -> Option<Matrix> {
    let mut cells = Vec::with_capacity(probability.len());
    let mut products = Vec::with_capacity(probability.len());
    for &p in probability {
        let mut row = Vec::with_capacity(impact.len());
        for &i in impact {
            row.push(cell(p, i)?);
        }
        cells.push(row);
        products.push(impact.iter().map(|&i| p * i).collect());
    }
    Some(Matrix {
        probability: probability.to_vec(),
        impact: impact.to_vec(),
        cells,
        products,
    })
}
