# opsynth_add_test_dir(LIBS ...): every test_*.cpp in the current folder becomes its own test binary,
# linked with the embedded-CPython gtest main and RapidCheck; each TEST becomes its own ctest test.
function(opsynth_add_test_dir)
  cmake_parse_arguments(ARG "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_*.cpp)
  get_filename_component(part ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  foreach(src ${sources})
    get_filename_component(stem ${src} NAME_WE)
    set(target ${part}_${stem})
    add_executable(${target} ${src})
    target_link_libraries(${target} PRIVATE opsynth_test_python_main rapidcheck GTest::gtest ${ARG_LIBS})
    target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/tests/support ${CMAKE_SOURCE_DIR})
    # Compiled in as defaults (tests/support/paths.hpp): test discovery runs without ctest's environment.
    target_compile_definitions(${target} PRIVATE OPSYNTH_DEFAULT_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                                 OPSYNTH_DEFAULT_BUILD_DIR="${CMAKE_BINARY_DIR}")
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${part};${ARG_LABELS}"
                         ENVIRONMENT "OPSYNTH_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
  endforeach()
endfunction()
