"""llama.cpp never uses AMX, whatever the CPU (issue: the chat crashed on Sapphire Rapids).

ggml's AMX matmul segfaults (llama.cpp #20824). Two layers keep it out, each tested here
without needing an AMX CPU:

- the build: the Makefile compiles llama.cpp for the machine's own CPU (``-march=native``)
  but tells the compiler not to target AMX. The flags are checked by asking the compiler what
  it would define for a Sapphire Rapids CPU (``-march=sapphirerapids``, which is what
  ``-march=native`` resolves to there): ggml compiles its AMX kernels only under
  ``__AMX_INT8__``, which must then be undefined;
- the run: should a llama.cpp that reports AMX be installed anyway, Mneme loads the model
  without llama.cpp's extra buffer types (the AMX buffer is one of them).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from models.llama import _model_params, amx_in_use
from tests.conftest import ROOT

AMX_MACROS = ("__AMX_INT8__", "__AMX_TILE__", "__AMX_BF16__")
SPR_INFO = (
    "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
    "AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | AMX_INT8 = 1 | "
    "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 |"
)


def cmake_args() -> list[str]:
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "llama-cmake-args"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return shlex.split(out.strip())


def compiler_flags(args: list[str], var: str) -> list[str]:
    prefix = f"-D{var}="
    return next(shlex.split(a[len(prefix):]) for a in args if a.startswith(prefix))


def defined_macros(flags: list[str], march: str, lang: str = "c") -> set[str]:
    cc = shutil.which("gcc") or shutil.which("cc")
    assert cc, "a C compiler builds llama.cpp; it is needed here too"
    out = subprocess.run(
        [cc, *flags, f"-march={march}", "-dM", "-E", "-x", lang, "/dev/null"],
        capture_output=True, text=True, check=True,
    ).stdout
    return {line.split()[1] for line in out.splitlines() if line.startswith("#define")}


def test_the_build_targets_this_cpu_natively() -> None:
    args = cmake_args()
    assert "-DGGML_NATIVE=ON" in args  # full speed: AVX2 / AVX-512 where the CPU has them
    assert "-DGGML_BACKEND_DL=ON" not in args


@pytest.mark.parametrize("var,lang", [("CMAKE_C_FLAGS", "c"), ("CMAKE_CXX_FLAGS", "c++")])
def test_the_build_flags_compile_no_amx_even_for_a_sapphire_rapids_cpu(var: str, lang: str) -> None:
    flags = compiler_flags(cmake_args(), var)
    # The probe can tell: without Mneme's flags this CPU target turns AMX on.
    assert "__AMX_INT8__" in defined_macros([], "sapphirerapids", lang)
    spr = defined_macros(flags, "sapphirerapids", lang)
    assert not spr & set(AMX_MACROS)
    # ... and keeps every other feature of that CPU (the speed of a native build).
    assert {"__AVX512F__", "__AVX512VNNI__", "__AVX512BF16__", "__AVX2__", "__FMA__"} <= spr
    # On this machine, whatever it is, -march=native with the flags has no AMX either.
    assert not defined_macros(flags, "native", lang) & set(AMX_MACROS)


def test_the_makefile_rebuilds_llama_cpp_when_the_flags_change() -> None:
    makefile = (ROOT / "Makefile").read_text()
    # pip's wheel cache would hand back a wheel built with other flags, and an installed
    # 0.3.36 (built natively with AMX) would count as "already satisfied".
    assert "--no-cache-dir" in makefile and "--force-reinstall" in makefile
    assert "LLAMA_STAMP := $(VENV)/.llama-$(shell echo \"$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)\"" in makefile


def test_amx_in_system_info_is_recognised() -> None:
    assert amx_in_use(SPR_INFO)
    assert not amx_in_use(SPR_INFO.replace("AMX_INT8 = 1", "AMX_INT8 = 0"))
    assert not amx_in_use(SPR_INFO.replace("AMX_INT8 = 1 | ", ""))


def test_model_parameters_can_turn_extra_buffers_off() -> None:
    import llama_cpp.llama_cpp as low

    assert low.llama_model_default_params().use_extra_bufts is True
    with _model_params(use_extra_bufts=False):
        assert low.llama_model_default_params().use_extra_bufts is False
    assert low.llama_model_default_params().use_extra_bufts is True


def test_installed_llama_cpp_reports_no_amx() -> None:
    from models.llama import system_info

    info = system_info()
    assert "AVX" in info or "NEON" in info  # it reports features at all
    assert not amx_in_use(info)


AMX_PROBE = """
#include <immintrin.h>
void f(void *cfg, void *a, void *b, void *c) {
  _tile_loadconfig(cfg);
  _tile_loadd(1, a, 64); _tile_loadd(2, b, 64); _tile_dpbssd(0, 1, 2); _tile_stored(0, c, 64);
}
"""


def amx_instructions(binary: Path) -> set[str]:
    """AMX instructions in ``binary``'s disassembly (they use the %tmm tile registers)."""
    objdump = shutil.which("objdump")
    assert objdump, "binutils come with the compiler that builds llama.cpp"
    text = subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(binary)], capture_output=True, text=True,
        check=True,
    ).stdout
    assert "ret" in text  # really disassembled
    found = set()
    for line in text.splitlines():
        parts = line.split("\t")
        insn = parts[-1].split(" ")[0] if len(parts) > 1 else ""
        if "%tmm" in line or insn in ("ldtilecfg", "sttilecfg", "tilerelease"):
            found.add(insn)
    return found


def test_the_amx_detector_finds_amx_code(tmp_path: Path) -> None:
    src = tmp_path / "amx.c"
    src.write_text(AMX_PROBE)
    obj = tmp_path / "amx.o"
    subprocess.run(["gcc", "-O2", "-march=sapphirerapids", "-c", str(src), "-o", str(obj)], check=True)
    assert {"ldtilecfg", "tileloadd", "tdpbssd"} <= amx_instructions(obj)


def test_installed_llama_cpp_holds_no_amx_instructions() -> None:
    import llama_cpp

    libs = {p.resolve() for p in Path(llama_cpp.__file__).parent.glob("lib/lib*.so*")}
    assert any(p.name.startswith("libggml-cpu") for p in libs), "the CPU backend library"
    for lib in sorted(libs):
        assert not amx_instructions(lib), lib.name
