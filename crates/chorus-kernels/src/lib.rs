//! The numeric kernels of the accurate tier's encoder, over plain `f32` slices.
//!
//! Why a crate of our own: the encoder spends nearly all of its time in matrix products and
//! a handful of element-wise steps, and candle's general-purpose CPU backend ran them at about
//! a tenth of what the CPU can do (32 texts/s per core for MiniLM-L6). Two things close the
//! gap. Current Xeons have **AMX** matrix tiles that multiply bf16 matrices into f32 at
//! hundreds of GFLOP/s on one core; Rust reaches them only through inline assembly. And the
//! element-wise steps (GELU, softmax, layer norm) vectorise once they avoid libm calls and are
//! compiled for the CPU's vector width. Both need `unsafe` (inline assembly, CPU-feature
//! dispatch), which the workspace forbids everywhere else: it lives here, behind safe
//! functions, each block with the reason it is sound.
//!
//! Where the CPU has no AMX (or `CHORUS_KERNELS=portable` is set), [`Linear`] uses the gemm
//! crate, candle's own CPU matrix product, so every machine runs the same code path around
//! it and the results differ only by rounding: bf16 inputs and weights on AMX (about 3
//! significant digits), f16 weights on the portable path (below); sums stay in f32.
//!
//! Weights are held at 16 bits on both paths. The encoder's weights are most of a hub's
//! memory (MiniLM-L6 is 91 MB in f32, against a 256 MiB goal for a hub holding a million
//! mentions), and the AMX path already multiplies in bf16. The portable path keeps them in
//! f16 — 11 significant bits, closer to f32 than the AMX path's 8 — and widens one layer at
//! a time into a per-thread buffer just before its product: one pass over the layer's
//! weights, against the product's pass over them once per input row.

#[macro_use]
mod widest {
    /// Defines `pub fn $name(args)` that runs `$body` compiled for the widest vector extension
    /// the CPU has.
    macro_rules! widest {
        ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
            $(#[$meta])*
            $vis fn $name($($arg: $ty),*) {
                #[inline(always)]
                fn generic($($arg: $ty),*) $body

                #[cfg(target_arch = "x86_64")]
                {
                    #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")]
                    fn avx512($($arg: $ty),*) {
                        generic($($arg),*)
                    }
                    #[target_feature(enable = "avx2,fma")]
                    fn avx2($($arg: $ty),*) {
                        generic($($arg),*)
                    }
                    if std::arch::is_x86_feature_detected!("avx512f")
                        && std::arch::is_x86_feature_detected!("avx512vl")
                        && std::arch::is_x86_feature_detected!("avx512bw")
                        && std::arch::is_x86_feature_detected!("avx512dq")
                        && std::arch::is_x86_feature_detected!("fma")
                    {
                        #[allow(unsafe_code)]
                        // SAFETY: the CPU has every feature `avx512` was compiled for.
                        return unsafe { avx512($($arg),*) };
                    }
                    if std::arch::is_x86_feature_detected!("avx2")
                        && std::arch::is_x86_feature_detected!("fma")
                    {
                        #[allow(unsafe_code)]
                        // SAFETY: the CPU has every feature `avx2` was compiled for.
                        return unsafe { avx2($($arg),*) };
                    }
                }
                generic($($arg),*)
            }
        };
    }
}

pub mod allocator;
mod amx;
mod ops;

use std::sync::OnceLock;

use half::f16;
use half::slice::HalfFloatSliceExt;
use half::vec::HalfFloatVecExt;

pub use ops::{attention, gelu_in_place, layer_norm, layer_norm_residual};

/// Why a kernel refused its input.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KernelError {
    /// Slice lengths do not match the shape given.
    #[error("shape mismatch: {0}")]
    Shape(String),
}

/// How [`Linear`] multiplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// AMX tiles: inputs rounded to bf16, sums in f32.
    Amx,
    /// The gemm crate: products and sums in f32 (AVX2/FMA or whatever the CPU has), over
    /// weights stored in f16.
    Portable,
}

impl Backend {
    /// Stable name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Amx => "amx-bf16",
            Backend::Portable => "portable-f32",
        }
    }
}

/// The best backend this process may use: AMX when the CPU has it, Linux lets this process
/// use the tile state, and `CHORUS_KERNELS` is not `portable`. Decided once per process.
pub fn backend() -> Backend {
    static CHOSEN: OnceLock<Backend> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        let portable = std::env::var("CHORUS_KERNELS").is_ok_and(|v| v == "portable");
        if !portable && amx::available() {
            Backend::Amx
        } else {
            Backend::Portable
        }
    })
}

/// A dense layer `y = x·Wᵀ + b` with its weights laid out once for the backend.
pub struct Linear {
    rows: usize,
    cols: usize,
    weights: Packed,
}

enum Packed {
    /// `W` row-major (`rows × cols`) in f16 and the bias, for the gemm crate.
    Plain { weight: Vec<f16>, bias: Vec<f32> },
    /// `W` in AMX B-tile order with its bias (see `amx::pack`).
    Amx(amx::PackedB),
}

impl std::fmt::Debug for Linear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linear")
            .field("rows", &self.rows)
            .field("cols", &self.cols)
            .field("backend", &self.backend())
            .finish()
    }
}

impl Linear {
    /// A layer with `out_features` outputs over `in_features` inputs, from `weight`
    /// (`out_features × in_features`, row-major, as PyTorch stores it) and `bias`, laid out
    /// for [`backend`].
    pub fn new(
        weight: &[f32],
        bias: &[f32],
        out_features: usize,
        in_features: usize,
    ) -> Result<Linear, KernelError> {
        Linear::with_backend(weight, bias, out_features, in_features, backend())
    }

    /// As [`Linear::new`] with a chosen backend; [`Backend::Amx`] falls back to portable where
    /// the CPU cannot run it.
    pub fn with_backend(
        weight: &[f32],
        bias: &[f32],
        out_features: usize,
        in_features: usize,
        chosen: Backend,
    ) -> Result<Linear, KernelError> {
        if weight.len() != out_features * in_features || bias.len() != out_features {
            return Err(KernelError::Shape(format!(
                "{out_features}×{in_features} layer given {} weights and {} biases",
                weight.len(),
                bias.len()
            )));
        }
        let weights = if chosen == Backend::Amx && amx::available() {
            Packed::Amx(amx::pack(weight, bias, out_features, in_features))
        } else {
            Packed::Plain {
                weight: Vec::<f16>::from_f32_slice(weight),
                bias: bias.to_vec(),
            }
        };
        Ok(Linear {
            rows: out_features,
            cols: in_features,
            weights,
        })
    }

    /// Outputs per input row.
    pub fn out_features(&self) -> usize {
        self.rows
    }

    /// Inputs per row.
    pub fn in_features(&self) -> usize {
        self.cols
    }

    /// The backend the weights were laid out for.
    pub fn backend(&self) -> Backend {
        match self.weights {
            Packed::Plain { .. } => Backend::Portable,
            Packed::Amx(_) => Backend::Amx,
        }
    }

    /// `out = x·Wᵀ + b` for `x` of `m` rows (`m × in_features`); `out` is `m × out_features`.
    pub fn forward(&self, x: &[f32], m: usize, out: &mut [f32]) -> Result<(), KernelError> {
        if x.len() != m * self.cols || out.len() != m * self.rows {
            return Err(KernelError::Shape(format!(
                "{}×{} layer on {} inputs into {} outputs for {m} rows",
                self.rows,
                self.cols,
                x.len(),
                out.len()
            )));
        }
        if m == 0 {
            return Ok(());
        }
        match &self.weights {
            Packed::Plain { weight, bias } => {
                WIDENED.with_borrow_mut(|wide| {
                    wide.resize(weight.len(), 0.0);
                    weight.convert_to_f32_slice(wide);
                    portable_matmul(x, m, self.cols, wide, self.rows, out);
                });
                for row in out.chunks_exact_mut(self.rows) {
                    ops::add_in_place(row, bias);
                }
            }
            Packed::Amx(b) => amx::matmul(x, m, b, out),
        }
        Ok(())
    }
}

thread_local! {
    /// The portable path's weights of the layer being multiplied, widened to f32; as large
    /// as the largest layer (2.4 MB for MiniLM's 1,536 × 384), reused by every product.
    static WIDENED: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `out (m × n) = x (m × k) · wᵀ` where `w` is `n × k`, by the gemm crate on this thread.
fn portable_matmul(x: &[f32], m: usize, k: usize, w: &[f32], n: usize, out: &mut [f32]) {
    debug_assert!(x.len() == m * k && w.len() == n * k && out.len() == m * n);
    #[allow(unsafe_code)]
    // SAFETY: every pointer covers the extent its strides reach: `out` holds m rows of n
    // (row stride n, column stride 1), `x` m rows of k, and `w` read as the k × n matrix Wᵀ
    // (row stride 1, column stride k) holds n rows of k; the lengths were checked by the
    // caller and are asserted above. `out` does not alias the inputs (a `&mut` borrow).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            x.as_ptr(),
            1,
            k as isize,
            w.as_ptr(),
            k as isize,
            1,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of values in [-1, 1).
    pub(crate) fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
            })
            .collect()
    }

    fn reference(x: &[f32], m: usize, k: usize, w: &[f32], b: &[f32], n: usize) -> Vec<f32> {
        let mut out = vec![0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                let mut s = f64::from(b[j]);
                for t in 0..k {
                    s += f64::from(x[i * k + t]) * f64::from(w[j * k + t]);
                }
                out[i * n + j] = s as f32;
            }
        }
        out
    }

    fn check(backend: Backend, m: usize, k: usize, n: usize) {
        let x = values(m * k, 1);
        let w = values(n * k, 2);
        let b = values(n, 3);
        let layer = Linear::with_backend(&w, &b, n, k, backend).unwrap();
        let mut out = vec![f32::NAN; m * n];
        layer.forward(&x, m, &mut out).unwrap();
        let want = reference(&x, m, k, &w, &b, n);
        // bf16 keeps 8 significant bits, f16 11: each product is off by up to 2^-8 (2^-11)
        // relative, and the errors of k products add up like a random walk.
        let tolerance = match layer.backend() {
            Backend::Amx => 0.01 * (k as f32).sqrt(),
            Backend::Portable => 0.0015 * (k as f32).sqrt(),
        };
        for (i, (got, want)) in out.iter().zip(&want).enumerate() {
            assert!(
                (got - want).abs() <= tolerance,
                "{backend:?} {m}×{k}×{n} at {i}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn linear_matches_a_plain_product_on_both_backends_and_odd_shapes() {
        for backend in [Backend::Amx, Backend::Portable] {
            for (m, k, n) in [
                (1, 1, 1),
                (3, 5, 7),
                (17, 33, 31),
                (40, 64, 96),
                (70, 384, 48),
            ] {
                check(backend, m, k, n);
            }
        }
    }

    #[test]
    fn shapes_that_do_not_fit_are_refused() {
        assert!(Linear::new(&[0.0; 6], &[0.0; 2], 2, 3).is_ok());
        assert!(Linear::new(&[0.0; 5], &[0.0; 2], 2, 3).is_err());
        assert!(Linear::new(&[0.0; 6], &[0.0; 3], 2, 3).is_err());
        let layer = Linear::new(&[0.0; 6], &[0.0; 2], 2, 3).unwrap();
        let mut out = vec![0.0; 4];
        assert!(layer.forward(&[0.0; 5], 2, &mut out).is_err());
        assert!(layer.forward(&[0.0; 6], 2, &mut out).is_ok());
    }

    #[test]
    fn the_backend_in_use_is_named() {
        // On a CPU with AMX the product uses it unless told otherwise; elsewhere portable.
        let b = backend();
        assert_eq!(
            b == Backend::Amx,
            amx::available() && std::env::var("CHORUS_KERNELS").as_deref() != Ok("portable")
        );
        assert!(["amx-bf16", "portable-f32"].contains(&b.as_str()));
    }
}
