/* global document */
// Runs only in a browser without JavaScript modules (index.html loads it with `nomodule`): Internet Explorer, and
// 360 and other dual-kernel browsers in their 兼容模式. ES5 on purpose. docs/browsers.md lists what is supported.
(function () {
  var root = document.getElementById('root');
  if (!root) return;
  root.innerHTML =
    '<div style="max-width:640px;margin:80px auto;padding:24px;border:1px solid #d9d9d9;font-family:sans-serif;line-height:1.8">' +
    '<h1 style="font-size:20px">国家智慧城市试点管理平台</h1>' +
    '<p>当前浏览器版本过低或处于“兼容模式”，无法使用本平台。请使用 Chrome、Edge、Firefox 或 360、QQ 等浏览器的“极速模式”' +
    '（Chromium 内核 93 及以上版本）访问。</p>' +
    '<p lang="en">This browser is too old, or in compatibility mode. Please use Chrome, Edge, Firefox, or a Chromium-based browser ' +
    '(kernel 93 or later) in its high-speed mode.</p></div>';
})();
