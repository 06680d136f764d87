// Progressive enhancement only: give each form a random submission id so that a post sent
// twice (a double tap, a retry on a bad connection) is stored once. Without this script the
// service derives an id from the content.
(function () {
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = [];
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  var inputs = document.querySelectorAll('input[name="submission_id"]');
  for (var i = 0; i < inputs.length; i++) {
    if (!inputs[i].value) {
      try { inputs[i].value = uuid(); } catch (e) { /* the server derives one */ }
    }
  }
})();
