"""Build script: the optional compiled kernel (``arclean._native``, Rust, in ``native/``).

Everything else is declared in pyproject.toml. The extension is optional: where no Rust
toolchain (or no crate source) is found, setuptools-rust prints a warning and the package
installs without it, running the pure-Python backend with identical output (see README,
"The native kernel").
"""

from setuptools import setup
from setuptools_rust import Binding, RustExtension

setup(
    rust_extensions=[
        RustExtension("arclean._native", path="native/Cargo.toml", binding=Binding.PyO3, optional=True, debug=False),
    ],
)
