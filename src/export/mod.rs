//! Stage 6: exporters (in progress).
