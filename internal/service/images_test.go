package service_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// tinyWebP is a valid 1×1 lossless WebP image.
var tinyWebP, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// photo is a w×h image with gradients, enough detail for JPEG to work on.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 0xff})
		}
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withExif inserts an APP1 Exif segment (with a GPS-looking payload) right
// after the SOI marker of a JPEG, as cameras write it.
func withExif(j []byte) []byte {
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), []byte("GPS 35.6812N 139.7671E secret-camera-serial")...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// pngHeader is a PNG whose IHDR claims w×h pixels, followed by no image
// data: a decompression bomb's header costs a few bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	b.WriteString("\x00\x00\x00\x00IEND\xaeB`\x82")
	return b.Bytes()
}

func coverKey(err error) string { return furusato.ErrorFields(err)["cover"] }

func TestProcessCover_JPEGPNGWebPBecomeThreeJPEGSizes(t *testing.T) {
	for name, c := range map[string]struct {
		data  []byte
		sizes [3][2]int
	}{
		"png landscape": {pngBytes(t, photo(1200, 800)), [3][2]int{{320, 213}, {640, 427}, {960, 640}}},
		"jpeg small":    {jpegBytes(t, photo(500, 300)), [3][2]int{{320, 192}, {500, 300}, {500, 300}}}, // never upscaled
		"webp 1×1":      {tinyWebP, [3][2]int{{1, 1}, {1, 1}, {1, 1}}},
	} {
		pc, err := service.ProcessCover(bytes.NewReader(c.data), service.MaxCoverBytes)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(pc.Variants) != 3 || len(pc.Prefix) != len("cover/")+32 {
			t.Fatalf("%s: %d variants, prefix %q", name, len(pc.Variants), pc.Prefix)
		}
		for i, v := range pc.Variants {
			if v.Key != service.CoverVariantKey(pc.Prefix, service.CoverWidths[i]) {
				t.Errorf("%s: key %q", name, v.Key)
			}
			img, format, err := image.Decode(bytes.NewReader(v.Data))
			if err != nil || format != "jpeg" {
				t.Fatalf("%s: variant %d is %q: %v", name, i, format, err)
			}
			got := [2]int{img.Bounds().Dx(), img.Bounds().Dy()}
			if got != c.sizes[i] || v.Width != got[0] || v.Height != got[1] {
				t.Errorf("%s: variant %d is %v (says %d×%d), want %v", name, i, got, v.Width, v.Height, c.sizes[i])
			}
			if len(v.Data) > 60<<10 {
				t.Errorf("%s: variant %d is %d bytes, over 60KB", name, i, len(v.Data))
			}
		}
		if cv := pc.Cover(); cv.Key != pc.Prefix || cv.Width != c.sizes[2][0] || cv.Height != c.sizes[2][1] {
			t.Errorf("%s: cover %+v", name, cv)
		}
		again, _ := service.ProcessCover(bytes.NewReader(c.data), service.MaxCoverBytes)
		if again.Prefix != pc.Prefix {
			t.Errorf("%s: keys are not content-hashed: %q, %q", name, pc.Prefix, again.Prefix)
		}
	}
}

func TestProcessCover_ExifIsDropped(t *testing.T) {
	in := withExif(jpegBytes(t, photo(400, 300)))
	if !bytes.Contains(in, []byte("Exif")) {
		t.Fatal("the test JPEG has no Exif segment")
	}
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the test JPEG does not decode: %v", err)
	}
	pc, err := service.ProcessCover(bytes.NewReader(in), service.MaxCoverBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range pc.Variants {
		if bytes.Contains(v.Data, []byte("Exif")) || bytes.Contains(v.Data, []byte("GPS")) || bytes.Contains(v.Data, []byte("secret")) {
			t.Errorf("%s keeps the metadata", v.Key)
		}
	}
}

func TestProcessCover_RefusesOtherTypesBigFilesAndBombs(t *testing.T) {
	var g bytes.Buffer
	if err := gif.Encode(&g, photo(20, 20), nil); err != nil {
		t.Fatal(err)
	}
	big := pngBytes(t, photo(300, 300))
	for name, c := range map[string]struct {
		data  []byte
		limit int64
		want  string
	}{
		"gif":                  {g.Bytes(), service.MaxCoverBytes, "images.error_type"},
		"text":                 {[]byte("hello, this is not an image at all\n"), service.MaxCoverBytes, "images.error_type"},
		"html named .png":      {[]byte("<html><script>alert(1)</script>"), service.MaxCoverBytes, "images.error_type"},
		"png header, bad body": {append([]byte("\x89PNG\r\n\x1a\n"), "garbage"...), service.MaxCoverBytes, "images.error_type"},
		"empty":                {nil, service.MaxCoverBytes, "images.error_required"},
		"over the limit":       {big, int64(len(big) - 1), "images.error_size"},
		"100000×100000 bomb":   {pngHeader(100000, 100000), service.MaxCoverBytes, "images.error_dimensions"},
		"9000 px wide":         {pngHeader(9000, 10), service.MaxCoverBytes, "images.error_dimensions"},
		"7000×7000 (49 MP)":    {pngHeader(7000, 7000), service.MaxCoverBytes, "images.error_dimensions"},
	} {
		_, err := service.ProcessCover(bytes.NewReader(c.data), c.limit)
		if furusato.ErrorCode(err) != furusato.EINVALID || coverKey(err) != c.want {
			t.Errorf("%s: %v %v, want %s", name, err, furusato.ErrorFields(err), c.want)
		}
	}
	if _, err := service.ProcessCover(bytes.NewReader(big), int64(len(big))); err != nil {
		t.Errorf("exactly at the limit: %v", err)
	}
	// The bomb is refused on its header: decoding 10^10 pixels would
	// allocate 40GB, refusing it allocates next to nothing.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = service.ProcessCover(bytes.NewReader(pngHeader(100000, 100000)), service.MaxCoverBytes)
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", d)
	}
}

func TestProjectsSetCover_StoresVariantsRecordsHistoryAndFollowsPolicy(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("クレソンの写真"))
		if err != nil {
			t.Fatal(err)
		}
		upload := pngBytes(t, photo(1200, 800))
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"a participant":                {f.participant, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.ENOTFOUND},
		} {
			if _, err := f.svc.SetCover(ctx, c.a, p.ID, bytes.NewReader(upload)); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
			if err := f.svc.RemoveCover(ctx, c.a, p.ID); code(err) != c.want {
				t.Errorf("%s removes: %v, want %s", name, err, c.want)
			}
		}
		if _, err := f.svc.SetCover(ctx, f.staff, p.ID, bytes.NewReader([]byte("GIF89a not really"))); coverKey(err) != "images.error_type" {
			t.Errorf("a GIF: %v", err)
		}
		version, _ := db.CatalogueVersion(ctx)
		cv, err := f.svc.SetCover(ctx, f.staff, p.ID, bytes.NewReader(upload))
		if err != nil {
			t.Fatal(err)
		}
		if cv.Width != 960 || cv.Height != 640 {
			t.Errorf("cover %+v", cv)
		}
		if v, _ := db.CatalogueVersion(ctx); v <= version {
			t.Errorf("catalogue version %d, was %d", v, version)
		}
		covers, err := f.svc.Covers(ctx, []int64{p.ID, 999999})
		if err != nil || covers[p.ID] != cv || len(covers) != 1 {
			t.Errorf("covers %v %v", covers, err)
		}
		for _, w := range service.CoverWidths {
			data, ct, err := f.svc.Image(ctx, service.CoverVariantKey(cv.Key, w))
			if err != nil || ct != "image/jpeg" || len(data) == 0 {
				t.Errorf("variant %d: %q %d bytes %v", w, ct, len(data), err)
			}
		}
		for _, key := range []string{"cover/nope-640.jpg", "../etc/passwd", "", "other/" + cv.Key} {
			if _, _, err := f.svc.Image(ctx, key); code(err) != furusato.ENOTFOUND {
				t.Errorf("image %q: %v", key, err)
			}
		}
		h, err := f.svc.History(ctx, f.staff, p.ID)
		if err != nil || len(h) == 0 || h[0].Action != store.HistoryEdited || len(h[0].Changes) != 1 || h[0].Changes[0] != "cover" {
			t.Fatalf("history %+v %v", h, err)
		}
		// The coordinator of the region replaces it: the old variants go.
		cv2, err := f.svc.SetCover(ctx, f.gifu, p.ID, bytes.NewReader(jpegBytes(t, photo(640, 480))))
		if err != nil || cv2.Key == cv.Key || cv2.Width != 640 {
			t.Fatalf("replace: %+v %v", cv2, err)
		}
		if _, _, err := f.svc.Image(ctx, service.CoverVariantKey(cv.Key, 640)); code(err) != furusato.ENOTFOUND {
			t.Errorf("old variant after replace: %v", err)
		}
		if err := f.svc.RemoveCover(ctx, f.staff, p.ID); err != nil {
			t.Fatal(err)
		}
		if covers, _ := f.svc.Covers(ctx, []int64{p.ID}); len(covers) != 0 {
			t.Errorf("covers after removal %v", covers)
		}
		if _, _, err := f.svc.Image(ctx, service.CoverVariantKey(cv2.Key, 320)); code(err) != furusato.ENOTFOUND {
			t.Errorf("variant after removal: %v", err)
		}
		if err := f.svc.RemoveCover(ctx, f.staff, p.ID); err != nil {
			t.Errorf("removing no cover: %v", err)
		}
		if h2, _ := f.svc.History(ctx, f.staff, p.ID); len(h2) != len(h)+2 {
			t.Errorf("history has %d entries, want %d", len(h2), len(h)+2)
		}
	})
}

func TestImageStore_DatabasePutGetDelete(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var is service.ImageStore = db.Images()
		data := []byte{0xff, 0xd8, 0xff, 0x00, 0x01, 0xfe}
		for range 2 { // the same key twice is fine
			if err := is.Put(ctx, "cover/abc-320.jpg", data, "image/jpeg"); err != nil {
				t.Fatal(err)
			}
		}
		got, ct, err := is.Get(ctx, "cover/abc-320.jpg")
		if err != nil || ct != "image/jpeg" || !bytes.Equal(got, data) {
			t.Fatalf("get: %x %q %v", got, ct, err)
		}
		if err := is.Delete(ctx, "cover/abc-320.jpg"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := is.Get(ctx, "cover/abc-320.jpg"); code(err) != furusato.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if err := is.Delete(ctx, "cover/abc-320.jpg"); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
	})
}
