//! Three-valued facts: true, false, or unknown. Unknown is never read as false.

use serde::{Deserialize, Serialize};

/// A three-valued fact or outcome (Kleene logic); `Unknown` is the default and is never read as
/// `False`: a norm that needs an unknown fact makes it a condition of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Tri {
    /// Known to hold.
    True,
    /// Known not to hold.
    False,
    /// Not known: absent or `null` in the question.
    #[default]
    Unknown,
}

impl Tri {
    /// `Some(b)` is known, `None` is `Unknown`.
    pub fn from_option(b: Option<bool>) -> Tri {
        match b {
            Some(true) => Tri::True,
            Some(false) => Tri::False,
            None => Tri::Unknown,
        }
    }

    /// Whether it is known to hold (`Unknown` is not).
    pub fn is_true(self) -> bool {
        self == Tri::True
    }

    /// Whether it is known not to hold (`Unknown` is not).
    pub fn is_false(self) -> bool {
        self == Tri::False
    }

    /// Kleene conjunction: false wins, then unknown.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    /// Kleene disjunction: true wins, then unknown.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// Kleene negation: true and false swap, unknown stays unknown.
    #[allow(clippy::should_implement_trait)] // Kleene negation, named as in the logic tables
    pub fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Conjunction of all (`True` for none).
    pub fn all(it: impl IntoIterator<Item = Tri>) -> Tri {
        it.into_iter().fold(Tri::True, Tri::and)
    }

    /// Disjunction of all (`False` for none).
    pub fn any(it: impl IntoIterator<Item = Tri>) -> Tri {
        it.into_iter().fold(Tri::False, Tri::or)
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, *};

    #[test]
    fn kleene_tables() {
        let all = [True, False, Unknown];
        for a in all {
            assert_eq!(a.and(False), False);
            assert_eq!(a.or(True), True);
            assert_eq!(a.not().not(), a);
            for b in all {
                // De Morgan holds in Kleene logic
                assert_eq!(a.and(b).not(), a.not().or(b.not()));
            }
        }
        assert_eq!(True.and(Unknown), Unknown);
        assert_eq!(False.or(Unknown), Unknown);
        assert_eq!(Tri::all([]), True);
        assert_eq!(Tri::any([]), False);
    }
}
