// Start Swagger UI (vendored, /static/vendor/swagger-ui) on the app's own OpenAPI schema.
(function () {
  const target = document.getElementById("swagger-ui");
  if (!target || typeof SwaggerUIBundle !== "function") return;
  window.ui = SwaggerUIBundle({
    url: target.dataset.url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    tryItOutEnabled: false,
    onComplete: function () { target.setAttribute("data-loaded", "1"); },
  });
})();
