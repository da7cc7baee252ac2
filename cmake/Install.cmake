# `cmake --install build --prefix P`: the opsynth command and what it reads at run time, laid out as
# core/install_layout.cpp expects (keep the two in step). The installed core oplib is read-only: an
# installed opsynth seeds the user's own library from it (${XDG_DATA_HOME:-~/.local/share}/opsynth/oplib).
install(TARGETS opsynth RUNTIME DESTINATION bin)
# Every candidate worker and compiled function links these archives and includes these headers.
install(TARGETS opsynth_worker opsynth_worker_sanitizer opsynth_worker_codec ARCHIVE DESTINATION lib/opsynth)
install(DIRECTORY runtime/rt DESTINATION share/opsynth/include)
install(DIRECTORY core verify DESTINATION share/opsynth/include FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY prompts/ DESTINATION share/opsynth/prompts)
install(DIRECTORY oplib/ DESTINATION share/opsynth/oplib
        PATTERN library EXCLUDE PATTERN CMakeLists.txt EXCLUDE PATTERN "*.lock" EXCLUDE)
# The embedded CPython imports opsynth.ops and opsynth.typelang from here (Python users install the
# loader with pip: compiler/python/pyproject.toml).
install(DIRECTORY compiler/python/opsynth DESTINATION share/opsynth/python
        PATTERN "*.cpp" EXCLUDE PATTERN __pycache__ EXCLUDE)
install(TARGETS opsynth_fastcall LIBRARY DESTINATION share/opsynth/python/opsynth)
# The marker by which an executable in P/bin knows it is installed (a build tree has none).
file(WRITE ${CMAKE_BINARY_DIR}/install-layout "opsynth ${PROJECT_VERSION} install layout 1\n")
install(FILES ${CMAKE_BINARY_DIR}/install-layout DESTINATION share/opsynth)
