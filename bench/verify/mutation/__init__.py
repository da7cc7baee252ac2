# The mutation-score tool's parts (bench/verify/mutation_score.py): tokens, mutants, screening, runs, report.
