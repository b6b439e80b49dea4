/** What a text-only model reads where a message had an image (TransformersModel's text fallback). */
export const imageMessages = {
  omittedImage: '[An image was here: this model reads text only, so it was left out. Rely on the text around it.]',
};
