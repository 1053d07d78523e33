// The upload of issue #13's measurements, shared by the endpoint benches: a 2560x1600 JPEG
// of about 680 KB (a wallpaper-sized photo), made from a sample photo at quality 80.
#pragma once

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

inline std::string wallpaperJpeg() {
    const cv::Mat photo =
        cv::imread(std::string(PIESLICER_SAMPLE_IMAGES) + "/mosaic_4000x3000_q95.jpg");
    cv::Mat sized;
    cv::resize(photo, sized, cv::Size(2560, 1600), 0, 0, cv::INTER_AREA);
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", sized, jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
    return std::string(jpeg.begin(), jpeg.end());
}
