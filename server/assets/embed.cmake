# Writes OUT: a C++ source holding the desk's CSS and JavaScript as raw string literals, so that
# dangan serves its own assets from the binary (no files to install, nothing from a CDN).
# Usage: cmake -DCSS=desk.css -DJS=desk.js -DOUT=desk_assets.cc -P embed.cmake
file(READ "${CSS}" css)
file(READ "${JS}" js)
foreach(text IN ITEMS "${css}" "${js}")
  string(FIND "${text}" ")dangan_asset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "an asset contains the raw string delimiter )dangan_asset\"")
  endif()
endforeach()
file(WRITE "${OUT}.tmp"
  "// Generated from server/assets by embed.cmake: do not edit.\n"
  "namespace dangan::server {\n"
  "extern const char kDeskCss[];\n"
  "extern const char kDeskJs[];\n"
  "const char kDeskCss[] = R\"dangan_asset(${css})dangan_asset\";\n"
  "const char kDeskJs[] = R\"dangan_asset(${js})dangan_asset\";\n"
  "}  // namespace dangan::server\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
