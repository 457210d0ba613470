//! Matrix products on Intel AMX tiles (Sapphire Rapids and later), in bf16 with f32 sums.
//!
//! A tile register holds 16 rows of 64 bytes. `tdpbf16ps C, A, B` adds to the 16×16 f32 tile
//! C the product of A (16 rows × 32 bf16) and B (32 × 16, stored as 16 rows of 16 bf16
//! *pairs*, the "VNNI" order). The weights are packed into that B order once, when the
//! layer is built; each product converts its input rows to bf16, runs a 32×32 block of the
//! output per inner loop (four accumulator tiles, two A and two B tiles) and copies the
//! result out. Linux hands the tile state to a process only on request
//! (`arch_prctl(ARCH_REQ_XCOMP_PERM)`), which [`available`] makes once.

/// Rows and columns of an output block: two tiles each way.
const BLOCK: usize = 32;
/// bf16 values along K in one tile row.
const K_STEP: usize = 32;
/// `u16`s in one packed B tile (16 rows × 32 bf16).
const TILE: usize = 16 * K_STEP;

/// Weights `W` (`n × k`) in B-tile order, padded to whole tiles with zeros.
pub(crate) struct PackedB {
    n: usize,
    k: usize,
    /// `n` rounded up to [`BLOCK`].
    np: usize,
    /// `k` rounded up to [`K_STEP`].
    kp: usize,
    tiles: Vec<u16>,
    /// The bias, padded to `np`: the sums start from it.
    bias: Vec<f32>,
}

/// `x` rounded to the nearest bf16 (ties to even): the top half of its bits.
#[inline(always)]
fn to_bf16(x: f32) -> u16 {
    let bits = x.to_bits();
    let rounded = bits.wrapping_add(0x7FFF + ((bits >> 16) & 1));
    (rounded >> 16) as u16
}

widest! {
    /// `dst = bf16(src)`, element by element.
    fn to_bf16_row(dst: &mut [u16], src: &[f32]) {
        let n = dst.len().min(src.len());
        let (dst, src) = (&mut dst[..n], &src[..n]);
        for i in 0..n {
            dst[i] = to_bf16(src[i]);
        }
    }
}

fn round_up(v: usize, to: usize) -> usize {
    v.div_ceil(to) * to
}

/// Lays out `w` (`n × k`, row-major) as B tiles: for each 16 outputs and 32 inputs, 16 rows
/// holding, for each output, the pair of weights of inputs `2r` and `2r + 1`.
pub(crate) fn pack(w: &[f32], bias: &[f32], n: usize, k: usize) -> PackedB {
    let np = round_up(n, BLOCK);
    let kp = round_up(k, K_STEP);
    let k_blocks = kp / K_STEP;
    let mut tiles = vec![0u16; np * kp];
    for col in 0..n {
        let (tile_col, lane) = (col / 16, col % 16);
        for (input, &v) in w[col * k..(col + 1) * k].iter().enumerate() {
            let (kb, within) = (input / K_STEP, input % K_STEP);
            let at =
                (tile_col * k_blocks + kb) * TILE + (within / 2) * K_STEP + lane * 2 + within % 2;
            tiles[at] = to_bf16(v);
        }
    }
    let mut padded_bias = bias.to_vec();
    padded_bias.resize(np, 0.0);
    PackedB {
        n,
        k,
        np,
        kp,
        tiles,
        bias: padded_bias,
    }
}

thread_local! {
    /// The bf16 copy of the input rows and the padded output, reused between products.
    static SCRATCH: std::cell::RefCell<(Vec<u16>, Vec<f32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// `out (m × n) = x (m × k) · Wᵀ + bias`.
pub(crate) fn matmul(x: &[f32], m: usize, b: &PackedB, out: &mut [f32]) {
    let (k, kp, n, np) = (b.k, b.kp, b.n, b.np);
    let mp = round_up(m, BLOCK);
    SCRATCH.with_borrow_mut(|(a, c)| {
        // Every value is written below (inputs, or zeros for the padding), so the buffers
        // are only grown, never cleared.
        a.resize(mp * kp, 0);
        for (dst, src) in a.chunks_exact_mut(kp).zip(x.chunks_exact(k)) {
            let (values, padding) = dst.split_at_mut(k);
            to_bf16_row(values, src);
            padding.fill(0);
        }
        a[m * kp..mp * kp].fill(0);
        let t = &b.tiles;
        if n == np {
            // Whole blocks of rows go straight into `out`; only the last, partial block
            // goes through the scratch buffer.
            let full = m / BLOCK * BLOCK;
            tiles::product(&a[..full * kp], kp, t, np, &b.bias, &mut out[..full * n]);
            if full < m {
                c.resize(BLOCK * np, 0.0);
                let block = &mut c[..BLOCK * np];
                tiles::product(&a[full * kp..mp * kp], kp, t, np, &b.bias, block);
                out[full * n..].copy_from_slice(&block[..(m - full) * n]);
            }
        } else {
            c.resize(mp * np, 0.0);
            let padded = &mut c[..mp * np];
            tiles::product(&a[..mp * kp], kp, t, np, &b.bias, padded);
            for (dst, src) in out.chunks_exact_mut(n).zip(padded.chunks_exact(np)) {
                dst.copy_from_slice(&src[..n]);
            }
        }
    });
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod tiles {
    #![allow(unsafe_code)]

    use super::{BLOCK, K_STEP, TILE};
    use std::arch::asm;
    use std::sync::OnceLock;

    /// `arch_prctl` request for permission to use an extended state component.
    const ARCH_REQ_XCOMP_PERM: libc::c_ulong = 0x1023;
    /// The AMX tile data state component.
    const XFEATURE_XTILEDATA: libc::c_ulong = 18;

    /// Whether this CPU has AMX-BF16 and Linux lets this process use the tiles.
    pub(crate) fn available() -> bool {
        static AVAILABLE: OnceLock<bool> = OnceLock::new();
        *AVAILABLE.get_or_init(|| {
            // CPUID leaf 7: EDX bit 22 is AMX-BF16, bit 24 AMX-TILE.
            let leaf = std::arch::x86_64::__cpuid_count(7, 0);
            if leaf.edx & (1 << 22) == 0 || leaf.edx & (1 << 24) == 0 {
                return false;
            }
            // SAFETY: arch_prctl with these arguments only changes which extended states
            // this process may use; it reads no memory of ours. It fails (non-zero) on
            // kernels before 5.16 or where the tile state is not offered.
            let granted = unsafe {
                libc::syscall(
                    libc::SYS_arch_prctl,
                    ARCH_REQ_XCOMP_PERM,
                    XFEATURE_XTILEDATA,
                )
            };
            granted == 0
        })
    }

    /// The tile configuration: palette 1, eight tiles of 16 rows × 64 bytes.
    #[repr(C, align(64))]
    struct Config([u8; 64]);

    const CONFIG: Config = {
        let mut c = [0u8; 64];
        c[0] = 1;
        let mut t = 0;
        while t < 8 {
            c[16 + 2 * t] = 64;
            c[48 + t] = 16;
            t += 1;
        }
        Config(c)
    };

    /// Bytes of input rows worked on together: they stay in the core's L2 cache while every
    /// column block of the weights passes over them.
    const A_BLOCK_BYTES: usize = 384 * 1024;

    /// `c (mp × np) = bias + a (mp × kp) · B`, every size a multiple of its block, `b` packed.
    pub(crate) fn product(a: &[u16], kp: usize, b: &[u16], np: usize, bias: &[f32], c: &mut [f32]) {
        let mp = a.len().checked_div(kp).unwrap_or(0);
        assert!(available(), "AMX product without AMX");
        assert!(mp.is_multiple_of(BLOCK) && np.is_multiple_of(BLOCK) && kp.is_multiple_of(K_STEP));
        assert!(a.len() == mp * kp && b.len() == np * kp && c.len() == mp * np && bias.len() == np);
        if mp == 0 {
            return;
        }
        let k_blocks = kp / K_STEP;
        let a_stride = kp * 2;
        let c_stride = np * 4;
        let rows_per_block = (A_BLOCK_BYTES / a_stride / BLOCK).max(1) * BLOCK;
        let config = &CONFIG;
        // SAFETY: `available()` holds, so the CPU has AMX and the kernel granted the tile
        // state; the configuration is a valid palette-1 layout, 64-byte aligned.
        unsafe { asm!("ldtilecfg [{0}]", in(reg) config.0.as_ptr(), options(nostack, readonly)) };
        for first in (0..mp).step_by(rows_per_block) {
            let last = (first + rows_per_block).min(mp);
            for j in (0..np).step_by(BLOCK) {
                // This column block of the weights (at most 96 KiB) stays in cache while it
                // meets each block of rows.
                let b0 = b[(j / 16) * k_blocks * TILE..].as_ptr();
                let b1 = b[(j / 16 + 1) * k_blocks * TILE..].as_ptr();
                let bias0 = bias[j..].as_ptr();
                let bias1 = bias[j + 16..].as_ptr();
                for i in (first..last).step_by(BLOCK) {
                    let a0 = a[i * kp..].as_ptr();
                    let a1 = a[(i + 16) * kp..].as_ptr();
                    let c0 = c[i * np + j..].as_mut_ptr();
                    let c0b = c[i * np + j + 16..].as_mut_ptr();
                    let c1 = c[(i + 16) * np + j..].as_mut_ptr();
                    let c1b = c[(i + 16) * np + j + 16..].as_mut_ptr();
                    // SAFETY: the asserts above bound every access. The accumulators start
                    // as the bias (16 values of `bias` from columns j and j+16, read with
                    // stride 0 into every row); the A tiles read rows i..i+32 of `a` (16 rows
                    // of 64 bytes at stride `a_stride`, advancing 64 bytes per K step for
                    // `k_blocks` steps: within row length kp); the B tiles read `k_blocks`
                    // consecutive 1 KiB tiles of output columns j..j+32, inside `b`; the
                    // stores write 16 rows × 64 bytes at stride `c_stride` from columns j and
                    // j+16 of rows i and i+16, inside `c`, which no one else borrows. The
                    // tiles were configured above; tmm0–7 are not used by compiled Rust code.
                    unsafe {
                        asm!(
                            "tileloadd tmm0, [{bias0} + {zero}*1]",
                            "tileloadd tmm1, [{bias1} + {zero}*1]",
                            "tileloadd tmm2, [{bias0} + {zero}*1]",
                            "tileloadd tmm3, [{bias1} + {zero}*1]",
                            "2:",
                            "tileloadd tmm4, [{a0} + {a_stride}*1]",
                            "tileloadd tmm5, [{a1} + {a_stride}*1]",
                            "tileloadd tmm6, [{b0} + {b_stride}*1]",
                            "tileloadd tmm7, [{b1} + {b_stride}*1]",
                            "tdpbf16ps tmm0, tmm4, tmm6",
                            "tdpbf16ps tmm1, tmm4, tmm7",
                            "tdpbf16ps tmm2, tmm5, tmm6",
                            "tdpbf16ps tmm3, tmm5, tmm7",
                            "add {a0}, 64",
                            "add {a1}, 64",
                            "add {b0}, 1024",
                            "add {b1}, 1024",
                            "dec {steps}",
                            "jnz 2b",
                            "tilestored [{c0} + {c_stride}*1], tmm0",
                            "tilestored [{c0b} + {c_stride}*1], tmm1",
                            "tilestored [{c1} + {c_stride}*1], tmm2",
                            "tilestored [{c1b} + {c_stride}*1], tmm3",
                            a0 = inout(reg) a0 => _,
                            a1 = inout(reg) a1 => _,
                            b0 = inout(reg) b0 => _,
                            b1 = inout(reg) b1 => _,
                            steps = inout(reg) k_blocks => _,
                            bias0 = in(reg) bias0,
                            bias1 = in(reg) bias1,
                            zero = in(reg) 0usize,
                            a_stride = in(reg) a_stride,
                            b_stride = in(reg) 64usize,
                            c_stride = in(reg) c_stride,
                            c0 = in(reg) c0,
                            c0b = in(reg) c0b,
                            c1 = in(reg) c1,
                            c1b = in(reg) c1b,
                            options(nostack)
                        );
                    }
                }
            }
        }
        // SAFETY: returns the tiles to their initial state, so that context switches need not
        // save 8 KiB of tile data for this thread.
        unsafe { asm!("tilerelease", options(nostack, nomem)) };
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
mod tiles {
    /// AMX is used only on x86-64 Linux.
    pub(crate) fn available() -> bool {
        false
    }

    /// Never called: [`available`] is false, so no weights are packed for AMX.
    pub(crate) fn product(_: &[u16], _: usize, _: &[u16], _: usize, _: &[f32], _: &mut [f32]) {
        unreachable!("AMX product on a platform without AMX")
    }
}

pub(crate) use tiles::available;
