//! Which groups of a pyramid report go on the wire. A report takes about
//! 1.3 KB per group, so above roughly 3 000 groups it exceeds the 4 MiB
//! receive limit of standard gRPC clients: `max_groups` and `groups_offset`
//! let a caller page through the groups (in label order), and the report
//! says how many groups there are and how many were left out.

/// A page of groups: `max` groups from `offset`, in the report's order; `max`
/// 0 means every group from `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupWindow {
    /// Groups skipped before the first one returned.
    pub offset: u32,
    /// Most groups returned; 0 for no cap.
    pub max: u32,
}

impl GroupWindow {
    /// Every group.
    pub const ALL: GroupWindow = GroupWindow { offset: 0, max: 0 };

    /// The index range of the groups returned out of `total`.
    pub fn range(self, total: usize) -> std::ops::Range<usize> {
        let start = (self.offset as usize).min(total);
        let end = if self.max == 0 {
            total
        } else {
            start.saturating_add(self.max as usize).min(total)
        };
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_page_through_the_groups() {
        assert_eq!(GroupWindow::ALL.range(7), 0..7);
        assert_eq!(GroupWindow { offset: 0, max: 3 }.range(7), 0..3);
        assert_eq!(GroupWindow { offset: 6, max: 3 }.range(7), 6..7);
        assert_eq!(GroupWindow { offset: 9, max: 3 }.range(7), 7..7);
        assert_eq!(GroupWindow { offset: 2, max: 0 }.range(7), 2..7);
    }
}
