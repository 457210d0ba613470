//! The element-wise and attention steps of a BERT layer, written once in plain Rust and
//! compiled three times: for AVX-512, for AVX2 with FMA, and for the baseline CPU; each call
//! picks the widest the CPU has. The loops are shaped so that the compiler vectorises them:
//! no libm calls in them (`exp` below is a polynomial), and sums kept in 16 independent lanes
//! (floating-point addition is not associative, so the compiler will not reorder one running
//! sum into vector lanes by itself).

use crate::KernelError;

const LANES: usize = 16;

/// The sum of `x`, in [`LANES`] independent partial sums so that it vectorises.
#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let (chunks, tail) = x.as_chunks::<LANES>();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f32>() + tail.iter().sum::<f32>()
}

/// The sum of squared distances of `x` from `mean`, vectorised as [`sum`].
#[inline(always)]
fn squared_deviation(x: &[f32], mean: f32) -> f32 {
    let mut acc = [0f32; LANES];
    let (chunks, tail) = x.as_chunks::<LANES>();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += (c[l] - mean) * (c[l] - mean);
        }
    }
    acc.iter().sum::<f32>() + tail.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>()
}

/// `e^x` within 1e-5 relative error for `x` in [-87, 87] (within 3e-7 for |x| < 1; a tiny or
/// a large finite value beyond), with no libm call, so that loops over it vectorise. The
/// error grows with |x| because `x·log2(e)` is rounded to f32 before it is split.
///
/// `e^x = 2^t` with `t = x·log2(e)`, split into an integer `n` (which goes straight into the
/// exponent bits) and `f` in [-0.5, 0.5], where `2^f = e^(f·ln 2)` is its Taylor series to
/// the 6th power (remainder below (0.35^7)/7! ≈ 1.2e-7).
#[inline(always)]
fn exp(x: f32) -> f32 {
    // Adding 1.5·2^23 to a float of magnitude < 2^22 rounds it to an integer n and leaves n
    // in the low bits of the sum: both the rounded value and the exponent bits of 2^n come
    // from it with plain integer arithmetic, which vectorises (a float-to-int cast does not
    // in every vector width).
    const ROUND: f32 = 12_582_912.0;
    let t = (x * std::f32::consts::LOG2_E).clamp(-126.0, 126.0);
    let shifted = t + ROUND;
    let n = shifted - ROUND;
    let g = (t - n) * std::f32::consts::LN_2;
    let p = 1.0
        + g * (1.0
            + g * 0.5
                * (1.0
                    + g * (1.0 / 3.0)
                        * (1.0 + g * 0.25 * (1.0 + g * 0.2 * (1.0 + g * (1.0 / 6.0))))));
    let two_to_n = shifted
        .to_bits()
        .wrapping_sub(ROUND.to_bits())
        .wrapping_add(127)
        << 23;
    p * f32::from_bits(two_to_n)
}

/// `a += b`, element by element.
#[inline(always)]
pub(crate) fn add_in_place(a: &mut [f32], b: &[f32]) {
    let n = a.len().min(b.len());
    let (a, b) = (&mut a[..n], &b[..n]);
    for i in 0..n {
        a[i] += b[i];
    }
}

widest! {
    /// GELU in its tanh form, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, the form candle's
    /// `gelu` computes (within 1e-3 of the exact erf form BERT models were trained with),
    /// written as `x / (1 + e^(−2u))`, which is the same and stays finite for any `x`.
    pub fn gelu_in_place(x: &mut [f32]) {
        const SQRT_2_OVER_PI: f32 = 0.797_884_6;
        for v in x.iter_mut() {
            let u = SQRT_2_OVER_PI * (*v + 0.044_715 * *v * *v * *v);
            *v /= 1.0 + exp(-2.0 * u);
        }
    }
}

/// Checks that `x` holds whole rows of `width` and the scale and shift have `width` values.
fn norm_shape(x: usize, width: usize, gamma: &[f32], beta: &[f32]) -> Result<(), KernelError> {
    if width == 0 || !x.is_multiple_of(width) || gamma.len() != width || beta.len() != width {
        return Err(KernelError::Shape(format!(
            "layer norm of width {width} over {x} values with {} scales and {} shifts",
            gamma.len(),
            beta.len()
        )));
    }
    Ok(())
}

/// Normalises `row` to zero mean and unit variance, then scales and shifts it.
#[inline(always)]
fn normalize(row: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mean = sum(row) / n;
    let inv = 1.0 / (squared_deviation(row, mean) / n + eps).sqrt();
    let n = row.len().min(gamma.len()).min(beta.len());
    let (row, gamma, beta) = (&mut row[..n], &gamma[..n], &beta[..n]);
    for i in 0..n {
        row[i] = (row[i] - mean) * inv * gamma[i] + beta[i];
    }
}

widest! {
    /// [`normalize`], vectorised.
    pub(crate) fn norm_row(row: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
        normalize(row, gamma, beta, eps);
    }
}

widest! {
    /// `row = row + residual`, then [`normalize`], vectorised.
    pub(crate) fn add_norm_row(row: &mut [f32], residual: &[f32], gamma: &[f32], beta: &[f32], eps: f32) {
        add_in_place(row, residual);
        normalize(row, gamma, beta, eps);
    }
}

/// Layer norm of each row of `width` values in `x`, with scale `gamma` and shift `beta`.
pub fn layer_norm(
    x: &mut [f32],
    width: usize,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
) -> Result<(), KernelError> {
    norm_shape(x.len(), width, gamma, beta)?;
    for row in x.chunks_exact_mut(width) {
        norm_row(row, gamma, beta, eps);
    }
    Ok(())
}

/// `x = layer_norm(x + residual)`, row by row: the "add & norm" after each BERT sub-layer.
pub fn layer_norm_residual(
    x: &mut [f32],
    residual: &[f32],
    width: usize,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
) -> Result<(), KernelError> {
    norm_shape(x.len(), width, gamma, beta)?;
    if residual.len() != x.len() {
        return Err(KernelError::Shape(format!(
            "residual of {} values for {}",
            residual.len(),
            x.len()
        )));
    }
    for (row, res) in x.chunks_exact_mut(width).zip(residual.chunks_exact(width)) {
        add_norm_row(row, res, gamma, beta, eps);
    }
    Ok(())
}

/// Where one text's tokens and one head's columns are in the query/key/value rows.
#[derive(Clone, Copy)]
struct Head<'a> {
    /// Rows of `3·hidden`: queries, keys, values.
    qkv: &'a [f32],
    /// The text's first token.
    offset: usize,
    /// The text's tokens.
    len: usize,
    hidden: usize,
    /// The head's first column within the queries (and keys, and values).
    column: usize,
    /// The head's columns.
    width: usize,
}

/// Queries handled together: their sums are independent, so the CPU overlaps them instead of
/// waiting on one running sum, and each key or value loaded serves all of them.
const QUERIES: usize = 4;

widest! {
    /// One text, one head: `ctx_i = Σ_j softmax_j(q_i·k_j·scale) v_j` into `out`; `keys` and
    /// `scores` are scratch.
    fn attend_head(head: &Head<'_>, out: &mut [f32], keys: &mut Vec<f32>, scores: &mut Vec<f32>) {
        let Head { qkv, offset, len, hidden, column, width } = *head;
        let stride = 3 * hidden;
        let scale = 1.0 / (width as f32).sqrt();
        // The keys transposed (one row per dimension, padded to whole vectors of LANES), so
        // that a query's scores against all keys are a sum of scaled rows: contiguous, and
        // vectorised without a reduction or a remainder loop.
        let padded = len.div_ceil(LANES) * LANES;
        keys.clear();
        keys.resize(width * padded, 0.0);
        for j in 0..len {
            let k = &qkv[(offset + j) * stride + hidden + column..][..width];
            for (d, &v) in k.iter().enumerate() {
                keys[d * padded + j] = v;
            }
        }
        scores.clear();
        scores.resize(QUERIES * padded, 0.0);
        let value = |j: usize| (offset + j) * stride + 2 * hidden + column;
        for first in (0..len).step_by(QUERIES) {
            let rows = QUERIES.min(len - first);
            // The queries, scaled; missing rows (past the text's end) are zeros.
            let mut q = [[0f32; QUERIES]; 64];
            let dims = width.min(64);
            for r in 0..rows {
                let row = &qkv[(offset + first + r) * stride + column..][..width];
                for d in 0..dims {
                    q[d][r] = row[d] * scale;
                }
            }
            for block in 0..padded / LANES {
                let mut acc = [[0f32; LANES]; QUERIES];
                for (d, qd) in q.iter().enumerate().take(dims) {
                    let k = lanes_at(keys, d * padded + block * LANES);
                    for r in 0..QUERIES {
                        for l in 0..LANES {
                            acc[r][l] += qd[r] * k[l];
                        }
                    }
                }
                // Heads wider than 64 (none of the models we run) finish the sum here.
                for d in dims..width {
                    let k = lanes_at(keys, d * padded + block * LANES);
                    for (r, a) in acc.iter_mut().enumerate().take(rows) {
                        let qd = qkv[(offset + first + r) * stride + column + d] * scale;
                        for l in 0..LANES {
                            a[l] += qd * k[l];
                        }
                    }
                }
                for (r, a) in acc.iter().enumerate() {
                    scores[r * padded + block * LANES..][..LANES].copy_from_slice(a);
                }
            }
            let mut inv = [0f32; QUERIES];
            for (r, row) in scores.chunks_exact_mut(padded).enumerate().take(rows) {
                let mut lanes = [f32::NEG_INFINITY; LANES];
                for c in row[..len].chunks(LANES) {
                    for (m, v) in lanes.iter_mut().zip(c) {
                        *m = m.max(*v);
                    }
                }
                let max = lanes.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                for c in row.as_chunks_mut::<LANES>().0 {
                    for s in c.iter_mut() {
                        *s = exp(*s - max);
                    }
                }
                // Padding is not a token: it gets no weight.
                row[len..].fill(0.0);
                inv[r] = 1.0 / sum(row);
            }
            // The context, 16 columns at a time, kept in registers across the tokens.
            let blocks = width / LANES;
            for block in 0..blocks {
                let mut acc = [[0f32; LANES]; QUERIES];
                for j in 0..len {
                    let v = lanes_at(qkv, value(j) + block * LANES);
                    for r in 0..QUERIES {
                        let p = scores[r * padded + j];
                        for l in 0..LANES {
                            acc[r][l] += p * v[l];
                        }
                    }
                }
                for (r, a) in acc.iter().enumerate().take(rows) {
                    let ctx = &mut out[(offset + first + r) * hidden + column + block * LANES..][..LANES];
                    for l in 0..LANES {
                        ctx[l] = a[l] * inv[r];
                    }
                }
            }
            for d in blocks * LANES..width {
                for r in 0..rows {
                    let total: f32 = (0..len).map(|j| scores[r * padded + j] * qkv[value(j) + d]).sum();
                    out[(offset + first + r) * hidden + column + d] = total * inv[r];
                }
            }
        }
    }
}

/// The [`LANES`] values of `x` from `at`, copied out so that the compiler sees they cannot
/// change while a result is written (it cannot tell two buffers apart otherwise, and would
/// not vectorise).
#[inline(always)]
fn lanes_at(x: &[f32], at: usize) -> [f32; LANES] {
    let mut v = [0f32; LANES];
    v.copy_from_slice(&x[at..at + LANES]);
    v
}

/// Multi-head self-attention over texts laid end to end: `qkv` holds, per token, its query,
/// key and value (`3 × hidden` values), `lens` the tokens of each text in order; each token
/// attends only to the tokens of its own text, so no text needs padding. `out` receives the
/// `hidden` context values per token, heads side by side.
pub fn attention(
    qkv: &[f32],
    lens: &[usize],
    heads: usize,
    out: &mut [f32],
) -> Result<(), KernelError> {
    let tokens: usize = lens.iter().sum();
    if tokens == 0 || heads == 0 || !out.len().is_multiple_of(tokens) {
        return if tokens == 0 && out.is_empty() && qkv.is_empty() {
            Ok(())
        } else {
            Err(KernelError::Shape(format!(
                "attention of {heads} heads over {tokens} tokens into {} values",
                out.len()
            )))
        };
    }
    let hidden = out.len() / tokens;
    if !hidden.is_multiple_of(heads) || qkv.len() != 3 * out.len() {
        return Err(KernelError::Shape(format!(
            "attention of {heads} heads, {hidden} wide, with {} query/key/value values for {tokens} tokens",
            qkv.len()
        )));
    }
    let width = hidden / heads;
    let (mut keys, mut scores) = (Vec::new(), Vec::new());
    let mut offset = 0;
    for &len in lens {
        for h in 0..heads {
            let head = Head {
                qkv,
                offset,
                len,
                hidden,
                column: h * width,
                width,
            };
            attend_head(&head, out, &mut keys, &mut scores);
        }
        offset += len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::values;

    #[test]
    fn exp_is_close_to_libm() {
        let mut worst = 0f32;
        for i in -8000..=8000 {
            let x = i as f32 / 100.0;
            let (got, want) = (exp(x), x.exp());
            if want > 1e-30 && want < 1e30 {
                worst = worst.max(((got - want) / want).abs());
            }
        }
        assert!(worst < 1e-5, "worst relative error {worst}");
        for i in -100..=100 {
            let x = i as f32 / 100.0;
            assert!(((exp(x) - x.exp()) / x.exp()).abs() < 3e-7, "exp({x})");
        }
        assert_eq!(exp(-1000.0), exp(-126.0 / std::f32::consts::LOG2_E));
        assert!(exp(1000.0).is_finite());
    }

    #[test]
    fn gelu_matches_its_tanh_form_everywhere() {
        let mut x: Vec<f32> = (-2000..=2000).map(|i| i as f32 / 100.0).collect();
        x.extend([-1e30, 1e30, 0.0]);
        let want: Vec<f32> = x
            .iter()
            .map(|&v| {
                let u = 0.797_884_6_f64 * (f64::from(v) + 0.044_715 * f64::from(v).powi(3));
                (0.5 * f64::from(v) * (1.0 + u.tanh())) as f32
            })
            .collect();
        let mut got = x.clone();
        gelu_in_place(&mut got);
        for ((g, w), v) in got.iter().zip(&want).zip(&x) {
            let ok = if v.abs() > 1e6 {
                g.is_finite()
            } else {
                (g - w).abs() < 1e-5 * (1.0 + w.abs())
            };
            assert!(ok, "gelu({v}) = {g}, want {w}");
        }
    }

    #[test]
    fn layer_norm_gives_zero_mean_unit_variance_then_scales() {
        let width = 37;
        let mut x = values(width * 3, 5);
        let gamma = vec![2.0; width];
        let beta = vec![1.0; width];
        layer_norm(&mut x, width, &gamma, &beta, 1e-12).unwrap();
        for row in x.chunks(width) {
            let mean = row.iter().map(|v| (v - 1.0) / 2.0).sum::<f32>() / width as f32;
            let var = row.iter().map(|v| ((v - 1.0) / 2.0).powi(2)).sum::<f32>() / width as f32;
            assert!(
                mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
                "{mean} {var}"
            );
        }
        assert!(layer_norm(&mut x, 36, &gamma, &beta, 1e-12).is_err());
        let residual = vec![0.0; width];
        assert!(layer_norm_residual(&mut x, &residual, width, &gamma, &beta, 1e-12).is_err());
    }

    /// Attention written the obvious way, in f64.
    fn reference(qkv: &[f32], lens: &[usize], heads: usize, hidden: usize) -> Vec<f32> {
        let width = hidden / heads;
        let mut out = vec![0f32; qkv.len() / 3];
        let at =
            |t: usize, part: usize, c: usize| f64::from(qkv[t * 3 * hidden + part * hidden + c]);
        let mut offset = 0;
        for &len in lens {
            for h in 0..heads {
                for i in 0..len {
                    let scores: Vec<f64> = (0..len)
                        .map(|j| {
                            (0..width)
                                .map(|d| {
                                    at(offset + i, 0, h * width + d)
                                        * at(offset + j, 1, h * width + d)
                                })
                                .sum::<f64>()
                                / (width as f64).sqrt()
                        })
                        .collect();
                    let max = scores.iter().copied().fold(f64::MIN, f64::max);
                    let e: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                    let total: f64 = e.iter().sum();
                    for d in 0..width {
                        let v: f64 = (0..len)
                            .map(|j| e[j] / total * at(offset + j, 2, h * width + d))
                            .sum();
                        out[(offset + i) * hidden + h * width + d] = v as f32;
                    }
                }
            }
            offset += len;
        }
        out
    }

    /// Runs [`attention`] on random inputs (scaled by `spread`) and checks it against
    /// [`reference`]; returns the inputs and the output.
    fn matches_reference(
        heads: usize,
        hidden: usize,
        lens: &[usize],
        seed: u64,
        spread: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        let tokens: usize = lens.iter().sum();
        let qkv: Vec<f32> = values(tokens * 3 * hidden, seed)
            .iter()
            .map(|v| v * spread)
            .collect();
        let mut out = vec![f32::NAN; tokens * hidden];
        attention(&qkv, lens, heads, &mut out).unwrap();
        for (g, w) in out.iter().zip(reference(&qkv, lens, heads, hidden)) {
            assert!((g - w).abs() < 1e-5, "{heads}×{hidden}: {g} vs {w}");
        }
        (qkv, out)
    }

    #[test]
    fn attention_matches_the_textbook_for_heads_as_wide_as_the_models() {
        // Heads of 32 (MiniLM, E5-small) and 80 columns (a vector block, a remainder, and
        // more than the 64 dimensions kept in registers); texts longer than a vector.
        for (heads, hidden) in [(2, 64), (1, 80)] {
            matches_reference(heads, hidden, &[3, 33, 16], 4, 2.0);
        }
    }

    #[test]
    fn attention_matches_the_textbook_and_keeps_texts_apart() {
        let (heads, hidden) = (3, 12);
        let lens = [1, 5, 17, 2];
        let (qkv, mut out) = matches_reference(heads, hidden, &lens, 9, 3.0);
        // A text's context does not depend on its neighbours.
        let mut alone = vec![0f32; 5 * hidden];
        attention(&qkv[3 * hidden..6 * 3 * hidden], &[5], heads, &mut alone).unwrap();
        assert_eq!(&out[hidden..6 * hidden], &alone[..]);
        assert!(attention(&qkv, &lens, 5, &mut out).is_err());
        assert!(attention(&qkv[1..], &lens, heads, &mut out).is_err());
    }
}
