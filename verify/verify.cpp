// Verifier library; parts live in their own files.
