export const GUEST_LOCALE = String.raw`(function () {})();`;
