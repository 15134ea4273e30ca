// Builds the UXP panel into dist/: manifest.json, index.html, icons, the bundled clips the
// simulator returns and the self-check imports, and one CommonJS bundle. Host modules stay external (UXP provides them).
const path = require("node:path");
const CopyPlugin = require("copy-webpack-plugin");
const { packagedManifest } = require("./webpack/packagedManifest");

module.exports = (_env, argv) => ({
  mode: argv.mode ?? "production",
  target: "web",
  entry: { index: "./plugin/main.tsx" },
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "[name].js",
    library: { type: "commonjs2" },
    // The deferred part of the panel is a second file that index.js loads with UXP's CommonJS
    // require("./panel.js") after the first paint, so the first render does not wait for its parse.
    chunkFilename: "[name].js",
    chunkFormat: "commonjs",
    chunkLoading: "require",
    clean: true,
  },
  // UXP forbids eval unless allowCodeGenerationFromStrings is set, so no eval-based source maps.
  devtool: argv.mode === "development" ? "cheap-source-map" : false,
  externals: {
    uxp: "commonjs2 uxp",
    premierepro: "commonjs2 premierepro",
    os: "commonjs2 os",
    fs: "commonjs2 fs",
  },
  resolve: { extensions: [".tsx", ".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        loader: "ts-loader",
        exclude: /node_modules/,
        options: { transpileOnly: true, configFile: "tsconfig.build.json" },
      },
      {
        test: /zod[\\/]v4[\\/]core[\\/](util|doc)\.[cm]?js$/,
        loader: path.resolve(__dirname, "webpack/noCodeGenerationLoader.js"),
      },
    ],
  },
  performance: { hints: false },
  // Exactly two files: index.js (React and the starting shell) and panel.js (everything else).
  optimization: { splitChunks: false },
  plugins: [
    new CopyPlugin({
      patterns: [
        // Checked on the way: no development hosts, network "all", https for openExternal (webpack/packagedManifest.js).
        { from: "manifest.json", transform: packagedManifest },
        { from: "plugin/index.html" },
        { from: "plugin/icons", to: "icons" },
        { from: "assets/clips", to: "assets/clips" },
        { from: "assets/diagnostics", to: "assets/diagnostics" },
      ],
    }),
  ],
});
