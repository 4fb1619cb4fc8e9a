//! Stage 7: queries (in progress).
