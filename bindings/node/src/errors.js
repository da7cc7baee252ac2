// The errors a compiled library's caller sees: what the Python function raised, and why a library cannot load.

/** A Python exception raised by a compiled function: `name` and `pythonClass` are the Python class
 * ("ValueError", "numpy.linalg.LinAlgError"), `message` is Python's message. */
export class PythonError extends Error {
  constructor(pythonClass, message, functionName) {
    super(message);
    this.name = pythonClass;
    this.pythonClass = pythonClass;
    this.functionName = functionName;
  }
}

/** The library or its manifest cannot be used (missing, wrong schema or ABI version, bad entry). */
export class LoadError extends Error {
  constructor(message, file) {
    super(message);
    this.name = "LoadError";
    this.file = file;
  }
}
