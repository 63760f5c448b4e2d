//! Every variant of a domain enum as an array, from strum's
//! [`VariantArray`](strum::VariantArray) slice, so that `ALL` constants keep
//! their fixed length (`Stage::ALL.map(...)` is an array of four).

/// `variants` (an enum's `VARIANTS`, declaration order) as an array of
/// `N` (its `COUNT`). Fails to compile, in a constant, if the lengths
/// differ.
pub(crate) const fn variant_array<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    match variants.first_chunk::<N>() {
        Some(all) if variants.len() == N => *all,
        _ => panic!("COUNT and VARIANTS disagree"),
    }
}
